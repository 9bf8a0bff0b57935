package io.jvswitch.control.cli;

import io.jvswitch.control.daemon.PortRates;
import io.jvswitch.control.daemon.StatusText;
import io.jvswitch.control.unixctl.UnixctlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jvswitch stats [--ctl PATH] [--watch SECONDS]}: the running daemon's per-port and per-PMD counters; with
 * {@code --watch}, per-port rates every SECONDS until Ctrl-C (or until the daemon goes away: exit status 1).
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show the running daemon's per-port and per-PMD counters, or live per-port rates (--watch).")
final class StatsCommand implements Callable<Integer> {
    @Option(names = "--ctl", paramLabel = "PATH", description = "the daemon's control socket (default: "
            + "$JVSWITCH_RUNDIR or /run/jvswitch, then /jvswitch.ctl)")
    Path ctl;

    @Option(names = "--watch", paramLabel = "SECONDS", description = "print per-port rates every SECONDS")
    Double watch;

    @Option(names = "--count", paramLabel = "N", description = "with --watch: stop after N reports "
            + "(default: until Ctrl-C)")
    Integer count;

    @Override
    public Integer call() throws Exception {
        if (watch != null && !(watch > 0)) {
            System.err.println("jvswitch stats: --watch needs a positive number of seconds");
            return 2;
        }
        try (UnixctlClient c = ControlClient.connect("stats", ctl)) {
            String text = ControlClient.transact("stats", c, "stats");
            if (watch == null) {
                System.out.print(text);
                return 0;
            }
            Map<String, StatusText.PortCounters> before = StatusText.parsePortStats(text);
            long t0 = System.nanoTime();
            for (int i = 0; count == null || i < count; i++) {
                Thread.sleep((long) (watch * 1000));
                text = ControlClient.transact("stats", c, "stats");
                long t1 = System.nanoTime();
                Map<String, StatusText.PortCounters> now = StatusText.parsePortStats(text);
                System.out.println(PortRates.HEADER);
                System.out.print(PortRates.lines(before, now, (t1 - t0) / 1e9));
                System.out.flush();
                before = now;
                t0 = t1;
            }
            return 0;
        } catch (ControlClient.Failure e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
