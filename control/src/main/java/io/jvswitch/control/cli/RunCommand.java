package io.jvswitch.control.cli;

import io.jvswitch.control.bond.BondAppctl;
import io.jvswitch.control.config.ConfigException;
import io.jvswitch.control.config.ConfigFile;
import io.jvswitch.control.config.Diagnostic;
import io.jvswitch.control.config.LoadedConfig;
import io.jvswitch.control.daemon.ControlCommands;
import io.jvswitch.control.daemon.PidFile;
import io.jvswitch.control.daemon.RunDir;
import io.jvswitch.control.daemon.RuntimeSwitchView;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PmdIdle;
import io.jvswitch.control.qos.QosAppctl;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.control.unixctl.UnixctlServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jvswitch run --config FILE [--ctl PATH]}: the switch daemon. Loads the standalone config file
 * (docs/config-file.md), takes the locked pidfile beside the control socket (refusing to start when a live daemon
 * holds it), opens its ports (real ones: {@code system}, {@code tap}, {@code internal}), opens the control socket
 * ({@code <rundir>/jvswitch.ctl} by default; OVS's unixctl protocol, so {@code ovs-appctl -t PATH} works; see
 * docs/cli.md), starts the PMD and revalidator threads and forwards until SIGTERM, SIGINT or the {@code exit}
 * command. A port that cannot be opened is reported and the rest run (as OVS does). On the way out a shutdown
 * hook removes the control socket, stops the threads, closes every port (TAP devices vanish, AF_PACKET sockets
 * close) and removes the pidfile, then ends the process with status 0. An unreadable or invalid config file
 * prints every error with its {@code file:line:col} and exits 2 before anything is opened; a second daemon on the
 * same control socket exits 1.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the switch from a config file until SIGTERM/SIGINT (or 'exit' on the control socket).")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "standalone config file (JSON)")
    Path config;

    @Option(names = "--ctl", paramLabel = "PATH", description = "control socket (default: $JVSWITCH_RUNDIR or "
            + "/run/jvswitch, then /jvswitch.ctl; a relative name is taken in that directory); the locked pidfile "
            + "sits beside it (NAME.pid)")
    Path ctl;

    @Option(names = "--idle", paramLabel = "busy|backoff", description = "what PMD threads do when idle: busy "
            + "(spin; lowest latency, each PMD core at 100 %%) or backoff (spin, yield, park; laptops and CI). "
            + "Overrides other_config:pmd-idle; default busy")
    String idle;

    @Option(names = "--busy-poll", description = "same as --idle=busy")
    boolean busyPoll;

    @Override
    public Integer call() throws Exception {
        LoadedConfig loaded;
        try {
            loaded = ConfigFile.loadWithWarnings(config);
        } catch (ConfigException e) {
            System.err.println("jvswitch run: invalid configuration:");
            System.err.println(e.getMessage());
            return 2;
        }
        for (Diagnostic w : loaded.warnings()) {
            System.err.println("jvswitch run: warning: " + w);
        }
        PmdIdle idleMode = null;
        if (idle != null) {
            idleMode = PmdIdle.parse(idle);
            if (idleMode == null) {
                System.err.println("jvswitch run: --idle must be busy or backoff, not " + idle);
                return 2;
            }
            if (busyPoll && idleMode != PmdIdle.BUSY) {
                System.err.println("jvswitch run: --busy-poll (= --idle=busy) contradicts --idle=" + idle);
                return 2;
            }
        } else if (busyPoll) {
            idleMode = PmdIdle.BUSY;
        }
        Path ctlPath = RunDir.ctl(ctl);
        Path pidPath = RunDir.pidfileFor(ctlPath);
        PidFile pid;
        try {
            pid = PidFile.acquire(pidPath);
        } catch (PidFile.HeldException e) {
            System.err.println("jvswitch run: another jvswitch is running" + (e.pid() > 0 ? " (pid " + e.pid() + ")"
                    : "") + " with control socket " + ctlPath + " (pidfile " + pidPath + " is locked); stop it "
                    + "first (SIGTERM, or 'ovs-appctl -t " + ctlPath + " exit') or pass another --ctl");
            return 1;
        } catch (IOException e) {
            System.err.println("jvswitch run: cannot create pidfile " + pidPath + ": " + e + " (run as root, or "
                    + "set " + RunDir.ENV + " or --ctl to a writable place)");
            return 1;
        }
        SwitchRuntime rt = new SwitchRuntime();
        try {
            rt.reconfigure(loaded.config());
        } catch (IllegalArgumentException e) {
            rt.close();
            pid.close();
            System.err.println("jvswitch run: " + config + ": " + e.getMessage());
            return 2;
        }
        for (Map.Entry<String, String> e : rt.interfaceErrors().entrySet()) {
            System.err.println("jvswitch run: interface " + e.getKey() + " not opened: " + e.getValue());
        }
        for (Map.Entry<String, String> e : rt.mtuErrors().entrySet()) {
            System.err.println("jvswitch run: interface " + e.getKey() + ": " + e.getValue());
        }
        UnixctlServer server;
        try {
            server = UnixctlServer.start(ctlPath, new Main.Version().getVersion()[0]);
        } catch (IOException e) {
            rt.close();
            pid.close();
            System.err.println("jvswitch run: " + e.getMessage());
            return 1;
        }
        ControlCommands.register(server, new RuntimeSwitchView(rt), () -> System.exit(0));
        BondAppctl.register(server, rt.bonds());
        QosAppctl.register(server, rt);
        Object lock = new Object();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (lock) {
                server.close();
                rt.close();
                pid.close();
                System.out.println("jvswitch: stopped");
                System.out.flush();
            }
            // The JVM would exit 128+signal after the hooks; a clean stop on SIGTERM/SIGINT is status 0.
            Runtime.getRuntime().halt(0);
        }, "jvswitch-shutdown"));
        synchronized (lock) {
            if (idleMode != null) {
                rt.setIdleOverride(idleMode);
            }
            rt.start();
            int ports = loaded.config().bridges().stream().mapToInt(br -> br.ports().size()).sum();
            System.out.println("jvswitch: running " + loaded.config().bridges().size() + " bridge(s) ("
                    + String.join(", ", loaded.config().bridges().stream().map(BridgeConfig::name).toList()) + "), "
                    + ports + " port(s), " + rt.interfaceErrors().size() + " not opened; control socket " + ctlPath
                    + "; SIGTERM or Ctrl-C stops");
            System.out.flush();
        }
        Thread.currentThread().join();
        return 0;
    }
}
