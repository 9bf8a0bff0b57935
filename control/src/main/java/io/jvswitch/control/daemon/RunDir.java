package io.jvswitch.control.daemon;

import java.nio.file.Path;

/**
 * Where the daemon keeps its run-time files: {@code $JVSWITCH_RUNDIR}, else {@code /run/jvswitch} (OVS uses
 * {@code $OVS_RUNDIR}, else {@code /var/run/openvswitch}). Holds the control socket {@code jvswitch.ctl}, its
 * pidfile {@code jvswitch.pid}, and {@code iface/NAME.lock}, one per host interface a switch has attached.
 */
public final class RunDir {
    public static final String ENV = "JVSWITCH_RUNDIR";
    public static final String DEFAULT = "/run/jvswitch";
    public static final String CTL_NAME = "jvswitch.ctl";

    private RunDir() {
    }

    public static Path dir() {
        String env = System.getenv(ENV);
        return Path.of(env != null && !env.isEmpty() ? env : DEFAULT);
    }

    /** The control socket for {@code --ctl}: null gives the default; a relative name is taken in the rundir. */
    public static Path ctl(Path option) {
        if (option == null) {
            return dir().resolve(CTL_NAME);
        }
        return option.isAbsolute() ? option : dir().resolve(option);
    }

    /** The pidfile beside a control socket: {@code X.ctl} → {@code X.pid}, else {@code X.pid} appended. */
    public static Path pidfileFor(Path ctl) {
        String n = ctl.getFileName().toString();
        String base = n.endsWith(".ctl") ? n.substring(0, n.length() - 4) : n;
        return ctl.resolveSibling(base + ".pid");
    }
}
