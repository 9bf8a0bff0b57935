package io.jvswitch.control.cli;

import io.jvswitch.api.VirtualSwitch;
import io.jvswitch.control.config.ConfigException;
import io.jvswitch.control.config.ConfigFile;
import io.jvswitch.control.config.Diagnostic;
import io.jvswitch.control.config.LoadedConfig;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PmdIdle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jvswitch run --config FILE}: the switch daemon. Loads the standalone config file
 * (docs/config-file.md), opens its ports (real ones: {@code system}, {@code tap}, {@code internal}), starts the
 * PMD and revalidator threads and forwards until SIGTERM or SIGINT. A port that cannot be opened is reported and
 * the rest run (as OVS does). On the signal a shutdown hook stops the threads and closes every port (TAP devices
 * vanish, AF_PACKET sockets close), then ends the process with status 0. An unreadable or invalid config file
 * prints every error with its {@code file:line:col} and exits 2 before anything is opened.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the switch from a config file until SIGTERM/SIGINT.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "standalone config file (JSON)")
    Path config;

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
        VirtualSwitch.Builder b = VirtualSwitch.builder();
        if (idle != null) {
            PmdIdle mode = PmdIdle.parse(idle);
            if (mode == null) {
                System.err.println("jvswitch run: --idle must be busy or backoff, not " + idle);
                return 2;
            }
            if (busyPoll && mode != PmdIdle.BUSY) {
                System.err.println("jvswitch run: --busy-poll (= --idle=busy) contradicts --idle=" + idle);
                return 2;
            }
            b.idle(mode);
        } else if (busyPoll) {
            b.busyPoll();
        }
        VirtualSwitch sw = b.build();
        try {
            sw.apply(loaded.config());
        } catch (IllegalArgumentException e) {
            sw.close();
            System.err.println("jvswitch run: " + config + ": " + e.getMessage());
            return 2;
        }
        for (Map.Entry<String, String> e : sw.interfaceErrors().entrySet()) {
            System.err.println("jvswitch run: interface " + e.getKey() + " not opened: " + e.getValue());
        }
        for (Map.Entry<String, String> e : sw.mtuErrors().entrySet()) {
            System.err.println("jvswitch run: interface " + e.getKey() + ": " + e.getValue());
        }
        Object lock = new Object();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (lock) {
                sw.close();
                System.out.println("jvswitch: stopped");
                System.out.flush();
            }
            // The JVM would exit 128+signal after the hooks; a clean stop on SIGTERM/SIGINT is status 0.
            Runtime.getRuntime().halt(0);
        }, "jvswitch-shutdown"));
        synchronized (lock) {
            sw.start();
            int ports = loaded.config().bridges().stream().mapToInt(br -> br.ports().size()).sum();
            System.out.println("jvswitch: running " + loaded.config().bridges().size() + " bridge(s) ("
                    + String.join(", ", loaded.config().bridges().stream().map(BridgeConfig::name).toList()) + "), "
                    + ports + " port(s), " + sw.interfaceErrors().size() + " not opened; SIGTERM or Ctrl-C stops");
            System.out.flush();
        }
        Thread.currentThread().join();
        return 0;
    }
}
