package io.jvswitch.control.vswitchd;

import io.jvswitch.control.appctl.Vlog;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The daemon's logging, shaped like ovs-vswitchd's: destinations {@code console} (stderr) and {@code file}
 * ({@code --log-file}), levels per module and destination kept by {@link Vlog} (set by {@code -vSPEC} options at
 * start and {@code ovs-appctl vlog/set} later; {@code syslog} is accepted, not served), and OVS's line format
 * {@code 2026-11-21T14:00:00.123Z|00042|module|INFO|text} with the last part of the logger's name as module.
 * Everything jvswitch logs goes through {@link System.Logger}, which the JDK backs with java.util.logging.
 */
public final class VswitchdLogging {
    private static final AtomicLong SEQ = new AtomicLong();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Vlog vlog;

    private VswitchdLogging(Vlog vlog) {
        this.vlog = vlog;
    }

    /** Installs a console handler (filtered by {@code vlog}'s console levels) as the only root handler. */
    public static VswitchdLogging install(Vlog vlog) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        ConsoleHandler c = new ConsoleHandler();
        c.setFormatter(new OvsFormat());
        c.setLevel(Level.ALL);
        c.setFilter(vlog.filter(Vlog.Destination.CONSOLE));
        root.addHandler(c);
        return new VswitchdLogging(vlog);
    }

    public Vlog vlog() {
        return vlog;
    }

    /**
     * Applies one {@code -v} option as ovs-vswitchd does ({@code -v} alone: every module and destination at dbg).
     *
     * @throws IllegalArgumentException with OVS's words for a bad spec
     */
    public void apply(String spec) {
        if (spec == null || spec.isEmpty()) {
            vlog.set();
        } else {
            vlog.set(spec);
        }
    }

    /** Also logs to {@code path} (appending), filtered by {@code vlog}'s file levels. */
    public void openFile(Path path) throws IOException {
        FileHandler f = new FileHandler(path.toString(), true);
        f.setFormatter(new OvsFormat());
        f.setLevel(Level.ALL);
        f.setFilter(vlog.filter(Vlog.Destination.FILE));
        Logger.getLogger("").addHandler(f);
    }

    /** OVS's log line. */
    static final class OvsFormat extends Formatter {
        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "jvswitch" : r.getLoggerName();
            String module = name.substring(name.lastIndexOf('.') + 1);
            int v = r.getLevel().intValue();
            String lvl = v >= Level.SEVERE.intValue() ? "ERR" : v >= Level.WARNING.intValue() ? "WARN"
                    : v >= Level.INFO.intValue() ? "INFO" : "DBG";
            StringBuilder sb = new StringBuilder(128);
            sb.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append('|')
                    .append(String.format("%05d", SEQ.incrementAndGet() % 100000)).append('|')
                    .append(module).append('|').append(lvl).append('|').append(formatMessage(r));
            if (r.getThrown() != null) {
                sb.append(": ").append(r.getThrown());
            }
            return sb.append('\n').toString();
        }
    }
}
