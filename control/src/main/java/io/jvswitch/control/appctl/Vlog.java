package io.jvswitch.control.appctl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OVS's logging control ({@code lib/vlog.c}, v3.1.0) over java.util.logging, the backend of our
 * {@code System.Logger}s: {@code vlog/list} and {@code vlog/set}.
 *
 * <h2>Model</h2> Modules are OVS-style short names, each standing for a JUL logger name (e.g. {@code dpif_netdev}
 * for {@code io.jvswitch.pmd}). Each module has a level per destination ({@code console}, {@code syslog},
 * {@code file}); levels are OVS's {@code off emer err warn info dbg} (default {@code info}). A JUL logger's level is
 * set to the most verbose level its module has on any destination; a destination's handler honours its own
 * level through {@link #filter(Destination)} (the daemon installs it on its console and file handlers; there is no
 * syslog handler, so that column is accepted and shown only). Mapping: emer and err → SEVERE, warn → WARNING,
 * info → INFO, dbg → FINE (and below), off → OFF.
 *
 * <h2>vlog/set</h2> Each argument is a spec of words separated by spaces, commas or colons: at most one
 * destination, one level, one module, {@code ANY} ignored; a missing destination means all, a missing level
 * {@code dbg}, a missing module all. {@code PATTERN:dest:pattern} and {@code FACILITY:name} are accepted (patterns
 * are kept, not applied). Errors use OVS's words. Thread-safe.
 */
public final class Vlog {
    /** OVS's destinations, in their {@code vlog/list} column order. */
    public enum Destination { CONSOLE, SYSLOG, FILE }

    /** OVS's levels, least verbose first. */
    public enum VlogLevel {
        OFF(Level.OFF), EMER(Level.SEVERE), ERR(Level.SEVERE), WARN(Level.WARNING), INFO(Level.INFO),
        DBG(Level.FINEST);

        final Level jul;

        VlogLevel(Level jul) {
            this.jul = jul;
        }
    }

    /** Our modules and the JUL loggers they stand for. */
    public static final Map<String, String> DEFAULT_MODULES = defaults();
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "clock", "authpriv", "ftp", "ntp", "audit", "alert", "clock2", "local0", "local1",
            "local2", "local3", "local4", "local5", "local6", "local7");

    private final Map<String, String> modules;
    private final Map<String, EnumMap<Destination, VlogLevel>> levels = new LinkedHashMap<>();
    private final EnumMap<Destination, String> patterns = new EnumMap<>(Destination.class);
    /** Strong references: JUL keeps loggers weakly, and a collected logger would forget its level. */
    private final List<Logger> loggers = new ArrayList<>();

    public Vlog() {
        this(DEFAULT_MODULES);
    }

    /** @param modules module name → JUL logger name */
    public Vlog(Map<String, String> modules) {
        this.modules = Map.copyOf(modules);
        for (String m : modules.keySet()) {
            EnumMap<Destination, VlogLevel> l = new EnumMap<>(Destination.class);
            for (Destination d : Destination.values()) {
                l.put(d, VlogLevel.INFO);
            }
            levels.put(m, l);
        }
        apply();
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jvswitch", "io.jvswitch");
        m.put("dpif_netdev", "io.jvswitch.pmd");
        m.put("netdev", "io.jvswitch.control.runtime");
        m.put("netdev_afxdp", "io.jvswitch.vport.afxdp");
        m.put("bridge", "io.jvswitch.control.bridge");
        m.put("ovsdb", "io.jvswitch.control.ovsdb");
        m.put("unixctl", "io.jvswitch.control.unixctl");
        m.put("vswitchd", "io.jvswitch.control.daemon");
        return Collections.unmodifiableMap(m);
    }

    /** {@code vlog/list}: OVS's table, rows sorted. */
    public synchronized String list() {
        StringBuilder sb = new StringBuilder();
        sb.append("                 console    syslog    file\n");
        sb.append("                 -------    ------    ------\n");
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, EnumMap<Destination, VlogLevel>> e : levels.entrySet()) {
            EnumMap<Destination, VlogLevel> l = e.getValue();
            rows.add(String.format(Locale.ROOT, "%-16s  %4s       %4s       %4s%n", e.getKey(),
                    l.get(Destination.CONSOLE), l.get(Destination.SYSLOG), l.get(Destination.FILE)));
        }
        Collections.sort(rows);
        rows.forEach(sb::append);
        return sb.toString();
    }

    /** {@code vlog/set} with its arguments (none: everything to dbg). @throws IllegalArgumentException OVS's text */
    public synchronized void set(String... specs) {
        if (specs.length == 0) {
            setLevels(null, null, VlogLevel.DBG);
        }
        try {
            for (String s : specs) {
                setOne(s);      // as OVS: specs before a bad one stay applied
            }
        } finally {
            apply();
        }
    }

    private void setOne(String spec) {
        String[] words = spec.trim().split("[ ,:\t]+");
        if (words.length > 0 && words[0].equalsIgnoreCase("PATTERN")) {
            if (words.length < 2 || words[1].isEmpty()) {
                throw new IllegalArgumentException("missing destination");
            }
            Destination d = words[1].equalsIgnoreCase("ANY") ? null : destination(words[1]);
            if (d == null && !words[1].equalsIgnoreCase("ANY")) {
                throw new IllegalArgumentException("unknown destination \"" + words[1] + "\"");
            }
            String rest = spec.substring(spec.indexOf(words[1]) + words[1].length());
            rest = rest.isEmpty() ? "" : rest.substring(1);
            for (Destination x : Destination.values()) {
                if (d == null || d == x) {
                    patterns.put(x, rest);
                }
            }
            return;
        }
        if (words.length > 0 && words[0].equalsIgnoreCase("FACILITY")) {
            if (words.length != 2 || !FACILITIES.contains(words[1].toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("invalid facility");
            }
            return;
        }
        String module = null;
        Destination dest = null;
        VlogLevel level = null;
        for (String w : words) {
            if (w.isEmpty() || w.equalsIgnoreCase("ANY")) {
                continue;
            } else if (destination(w) != null) {
                if (dest != null) {
                    throw new IllegalArgumentException("cannot specify multiple destinations");
                }
                dest = destination(w);
            } else if (level(w) != null) {
                if (level != null) {
                    throw new IllegalArgumentException("cannot specify multiple levels");
                }
                level = level(w);
            } else if (levels.containsKey(w)) {
                if (module != null) {
                    throw new IllegalArgumentException("cannot specify multiple modules");
                }
                module = w;
            } else {
                throw new IllegalArgumentException("no destination, level, or module \"" + w + "\"");
            }
        }
        setLevels(module, dest, level == null ? VlogLevel.DBG : level);
    }

    private void setLevels(String module, Destination dest, VlogLevel level) {
        for (Map.Entry<String, EnumMap<Destination, VlogLevel>> e : levels.entrySet()) {
            if (module == null || module.equals(e.getKey())) {
                for (Destination d : Destination.values()) {
                    if (dest == null || dest == d) {
                        e.getValue().put(d, level);
                    }
                }
            }
        }
    }

    private static Destination destination(String w) {
        for (Destination d : Destination.values()) {
            if (d.name().equalsIgnoreCase(w)) {
                return d;
            }
        }
        return null;
    }

    private static VlogLevel level(String w) {
        for (VlogLevel l : VlogLevel.values()) {
            if (l.name().equalsIgnoreCase(w)) {
                return l;
            }
        }
        return null;
    }

    /** The level of {@code module} on {@code dest}, or null for an unknown module. */
    public synchronized VlogLevel level(String module, Destination dest) {
        EnumMap<Destination, VlogLevel> l = levels.get(module);
        return l == null ? null : l.get(dest);
    }

    /** The pattern set for a destination with {@code PATTERN:}, or null. */
    public synchronized String pattern(Destination dest) {
        return patterns.get(dest);
    }

    /** Sets each JUL logger to the most verbose level its module has on any destination. */
    private void apply() {
        loggers.clear();
        for (Map.Entry<String, EnumMap<Destination, VlogLevel>> e : levels.entrySet()) {
            VlogLevel most = VlogLevel.OFF;
            for (VlogLevel l : e.getValue().values()) {
                if (l.ordinal() > most.ordinal()) {
                    most = l;
                }
            }
            Logger jl = Logger.getLogger(modules.get(e.getKey()));
            jl.setLevel(most.jul);
            loggers.add(jl);
        }
    }

    /**
     * A handler filter for one destination: passes a record when the module of its logger (the module with the
     * longest logger-name prefix) allows its level on {@code dest}; records of loggers outside every module pass.
     */
    public Filter filter(Destination dest) {
        return rec -> {
            String name = rec.getLoggerName() == null ? "" : rec.getLoggerName();
            String best = null;
            int bestLen = -1;
            for (Map.Entry<String, String> m : modules.entrySet()) {
                String ln = m.getValue();
                if ((name.equals(ln) || name.startsWith(ln + ".")) && ln.length() > bestLen) {
                    best = m.getKey();
                    bestLen = ln.length();
                }
            }
            if (best == null) {
                return true;
            }
            VlogLevel l = level(best, dest);
            return l != VlogLevel.OFF && rec.getLevel().intValue() >= l.jul.intValue();
        };
    }
}
