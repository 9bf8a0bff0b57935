package io.jvswitch.control.vswitchd;

import java.nio.file.Path;
import java.util.Map;

/**
 * Open vSwitch's directories, as Debian's build sets them and as {@code OVS_RUNDIR}, {@code OVS_LOGDIR},
 * {@code OVS_DBDIR} and {@code OVS_SYSCONFDIR} override them (the same variables the OVS tools read, so
 * {@code ovs-appctl} and {@code ovs-vsctl} find what the daemon created).
 *
 * @param rundir pidfile, control socket and the default database socket ({@code /var/run/openvswitch})
 * @param logdir the default log file's directory ({@code /var/log/openvswitch})
 * @param dbdir  the database's directory ({@code /etc/openvswitch})
 */
public record OvsDirs(Path rundir, Path logdir, Path dbdir) {
    public static final String DAEMON = "ovs-vswitchd";

    /** From the process environment. */
    public static OvsDirs fromEnvironment() {
        return of(System.getenv());
    }

    /** From {@code env} (tests). */
    public static OvsDirs of(Map<String, String> env) {
        Path run = Path.of(nonEmpty(env.get("OVS_RUNDIR"), "/var/run/openvswitch"));
        Path log = Path.of(nonEmpty(env.get("OVS_LOGDIR"), "/var/log/openvswitch"));
        String db = env.get("OVS_DBDIR");
        if (db == null || db.isEmpty()) {
            String sysconf = env.get("OVS_SYSCONFDIR");
            db = sysconf != null && !sysconf.isEmpty() ? sysconf + "/openvswitch" : "/etc/openvswitch";
        }
        return new OvsDirs(run, log, Path.of(db));
    }

    /** {@code unix:<rundir>/db.sock}, ovs-vswitchd's remote when none is given. */
    public String defaultRemote() {
        return "unix:" + rundir.resolve("db.sock");
    }

    /** {@code <rundir>/ovs-vswitchd.pid}. */
    public Path defaultPidfile() {
        return rundir.resolve(DAEMON + ".pid");
    }

    /** {@code <logdir>/ovs-vswitchd.log}. */
    public Path defaultLogFile() {
        return logdir.resolve(DAEMON + ".log");
    }

    /** {@code <rundir>/ovs-vswitchd.<pid>.ctl}, where {@code ovs-appctl} looks for the daemon's socket. */
    public Path controlSocket(long pid) {
        return rundir.resolve(DAEMON + "." + pid + ".ctl");
    }

    private static String nonEmpty(String v, String dflt) {
        return v == null || v.isEmpty() ? dflt : v;
    }
}
