package io.jvswitch.control.cli;

import io.jvswitch.control.appctl.OvsAppctlCommands;
import io.jvswitch.control.appctl.Vlog;
import io.jvswitch.control.bond.BondAppctl;
import io.jvswitch.control.daemon.PidFile;
import io.jvswitch.control.daemon.RuntimeSwitchView;
import io.jvswitch.control.model.PmdIdle;
import io.jvswitch.control.ovsdb.OvsdbRemote;
import io.jvswitch.control.qos.QosAppctl;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.control.unixctl.UnixctlServer;
import io.jvswitch.control.vswitchd.Detach;
import io.jvswitch.control.vswitchd.OvsDirs;
import io.jvswitch.control.vswitchd.ProcessName;
import io.jvswitch.control.vswitchd.Vswitchd;
import io.jvswitch.control.vswitchd.VswitchdLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jvswitch vswitchd [DATABASE] [options]}: jvswitch in ovs-vswitchd's place (docs/vswitchd.md). Takes
 * ovs-vswitchd's command line as {@code ovs-ctl} writes it ({@code unix:DB.sock -vconsole:emer -vsyslog:err
 * -vfile:info --mlockall --no-chdir --log-file=… --pidfile=… --detach --monitor}) and OVS's directory variables,
 * configures the switch from the {@code Open_vSwitch} database and serves {@code ovs-appctl} on
 * {@code <rundir>/ovs-vswitchd.<pid>.ctl}. Options jvswitch has no use for ({@code --mlockall},
 * {@code --monitor}, {@code --no-self-confinement}, {@code --syslog-*}) are accepted and logged.
 */
@Command(name = "vswitchd", mixinStandardHelpOptions = true, versionProvider = VswitchdCommand.Version.class,
        description = "Run as a drop-in for ovs-vswitchd: configuration from ovsdb-server, ovs-appctl control "
                + "socket, ovs-ctl compatible.")
final class VswitchdCommand implements Callable<Integer> {
    /** The Open vSwitch release whose interfaces (database, unixctl, command line) jvswitch follows. */
    static final String OVS_VERSION = OvsAppctlCommands.OVS_VERSION;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATABASE",
            description = "OVSDB remote: unix:FILE or tcp:IP:PORT (default unix:$OVS_RUNDIR/db.sock)")
    String database;

    @Option(names = "--pidfile", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "create a locked pidfile (default $OVS_RUNDIR/ovs-vswitchd.pid)")
    String pidfile;

    @Option(names = "--overwrite-pidfile", description = "accepted (a stale pidfile is always taken over)")
    boolean overwritePidfile;

    @Option(names = "--detach", description = "run in the background; return once configured")
    boolean detach;

    @Option(names = "--monitor", description = "accepted; run under systemd or ovs-ctl for restarts")
    boolean monitor;

    @Option(names = "--no-chdir", description = "accepted (the daemon never changes directory)")
    boolean noChdir;

    @Option(names = "--log-file", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "also log to FILE (default $OVS_LOGDIR/ovs-vswitchd.log)")
    String logFile;

    @Option(names = {"-v", "--verbose"}, arity = "0..1", fallbackValue = "dbg", paramLabel = "SPEC",
            description = "logging levels as ovs-vswitchd: [DEST:]LEVEL, DEST console|syslog|file, LEVEL "
                    + "emer|err|warn|info|dbg|off; -v alone: dbg everywhere")
    List<String> verbose = new ArrayList<>();

    @Option(names = "--unixctl", paramLabel = "SOCKET", description = "control socket (default "
            + "$OVS_RUNDIR/ovs-vswitchd.<pid>.ctl)")
    Path unixctl;

    @Option(names = {"--mlockall", "--no-self-confinement", "--enable-dummy"}, arity = "0",
            description = "accepted")
    List<Boolean> accepted = new ArrayList<>();

    @Option(names = {"--user", "--syslog-method", "--syslog-target"}, paramLabel = "VALUE",
            description = "accepted and ignored (logged)")
    List<String> ignored = new ArrayList<>();

    @Option(names = "--idle", paramLabel = "busy|backoff", description = "PMD threads when idle (jvswitch; "
            + "overrides other_config:pmd-idle)")
    String idle;

    @Override
    public Integer call() throws Exception {
        PmdIdle idleMode = null;
        if (idle != null) {
            idleMode = PmdIdle.parse(idle);
            if (idleMode == null) {
                System.err.println("ovs-vswitchd: --idle must be busy or backoff, not " + idle);
                return 2;
            }
        }
        OvsdbRemote remote;
        OvsDirs dirs = OvsDirs.fromEnvironment();
        try {
            remote = OvsdbRemote.parse(database != null ? database : dirs.defaultRemote());
        } catch (IllegalArgumentException e) {
            System.err.println("ovs-vswitchd: " + e.getMessage());
            return 2;
        }
        VswitchdLogging logging = VswitchdLogging.install(new Vlog());
        try {
            for (String spec : verbose) {
                logging.apply(spec);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ovs-vswitchd: " + e.getMessage());
            return 2;
        }
        if (detach && !Detach.isChild()) {
            return Detach.runParent("--detach");
        }
        System.Logger log = System.getLogger("io.jvswitch.vswitchd");
        try {
            ProcessName.set(OvsDirs.DAEMON);
        } catch (IOException e) {
            log.log(System.Logger.Level.WARNING, "cannot rename the process to " + OvsDirs.DAEMON + ": " + e);
        }
        if (logFile != null) {
            Path f = logFile.isEmpty() ? dirs.defaultLogFile() : Path.of(logFile);
            try {
                Files.createDirectories(f.toAbsolutePath().getParent());
                logging.openFile(f);
            } catch (IOException e) {
                System.err.println("ovs-vswitchd: cannot open log file " + f + ": " + e.getMessage());
                return 1;
            }
        }
        if (!ignored.isEmpty() || monitor) {
            log.log(System.Logger.Level.INFO, "accepted and ignored: " + (monitor ? "--monitor " : "") + ignored);
        }
        PidFile pid = null;
        if (pidfile != null) {
            Path p = pidfile.isEmpty() ? dirs.defaultPidfile() : Path.of(pidfile);
            try {
                pid = PidFile.acquire(p);
            } catch (PidFile.HeldException e) {
                System.err.println("ovs-vswitchd: " + p + ": already running as pid " + e.pid() + ", aborting");
                return 1;
            } catch (IOException e) {
                System.err.println("ovs-vswitchd: cannot create pidfile " + p + ": " + e.getMessage());
                return 1;
            }
        }
        long self = ProcessHandle.current().pid();
        Path ctl = unixctl != null ? unixctl : dirs.controlSocket(self);
        UnixctlServer server;
        try {
            Files.createDirectories(ctl.toAbsolutePath().getParent());
            server = UnixctlServer.start(ctl, "ovs-vswitchd (Open vSwitch) " + OVS_VERSION);
        } catch (IOException e) {
            if (pid != null) {
                pid.close();
            }
            System.err.println("ovs-vswitchd: cannot open control socket " + ctl + ": " + e.getMessage());
            return 1;
        }
        SwitchRuntime rt = new SwitchRuntime();
        Vswitchd vswitchd = new Vswitchd(rt);
        OvsAppctlCommands.register(server, new RuntimeSwitchView(rt), logging.vlog(), cleanup -> System.exit(0),
                null);
        BondAppctl.register(server, rt.bonds());
        QosAppctl.register(server, rt);
        PidFile pidFinal = pid;
        Object lock = new Object();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (lock) {
                vswitchd.close();
                server.close();
                rt.close();
                if (pidFinal != null) {
                    pidFinal.close();
                }
                log.log(System.Logger.Level.INFO, "ovs-vswitchd (jvswitch) stopped");
            }
            Runtime.getRuntime().halt(0);
        }, "vswitchd-shutdown"));
        synchronized (lock) {
            if (idleMode != null) {
                rt.setIdleOverride(idleMode);
            }
            rt.start();
            vswitchd.start(remote);
            log.log(System.Logger.Level.INFO, "ovs-vswitchd (jvswitch, Open vSwitch " + OVS_VERSION
                    + " interfaces) started: database " + remote + ", control socket " + ctl);
        }
        if (Detach.isChild()) {
            vswitchd.firstConfigured().thenRun(() -> {
                logging.apply("console:off");
                Detach.childReady();
            });
        }
        Thread.currentThread().join();
        return 0;
    }

    /** {@code ovs-vswitchd --version}, as {@code ovs-ctl} reads it (the last field of the line naming OVS). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ovs-vswitchd (Open vSwitch) " + OVS_VERSION,
                new Main.Version().getVersion()[0]};
        }
    }
}
