package io.jvswitch.control.appctl;

import io.jvswitch.control.daemon.DpifPortView;
import io.jvswitch.control.daemon.SwitchView;
import io.jvswitch.control.unixctl.UnixctlException;
import io.jvswitch.control.unixctl.UnixctlServer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@code ovs-appctl} commands of {@code ovs-vswitchd} that hosts' scripts use, with OVS 3.1's usage strings,
 * argument counts, output formats and error texts (fixtures captured from OVS 3.1 under
 * {@code src/test/resources/ovs-3.1-appctl/}):
 * {@code version}, {@code exit [--cleanup]}, {@code vlog/set}, {@code vlog/list}, {@code fdb/show},
 * {@code fdb/flush}, {@code dpif/show}, {@code dpctl/dump-flows}, {@code dpif-netdev/pmd-stats-show},
 * {@code dpif-netdev/pmd-stats-clear}, {@code dpif-netdev/pmd-rxq-show}, {@code coverage/show},
 * {@code memory/show} ({@code list-commands} is the server's own).
 *
 * <p>Usage: the daemon starts the {@link UnixctlServer} at {@code <rundir>/ovs-vswitchd.<pid>.ctl}, then
 * {@link #register}; {@link #close()} stops the coverage sampler. The commands read the switch through
 * {@link SwitchView} only.
 */
public final class OvsAppctlCommands implements AutoCloseable {
    /** The OVS release whose {@code ovs-vswitchd} interface we implement; {@code ovs-ctl} parses it. */
    public static final String OVS_VERSION = "3.1.0";
    /** The {@code version} reply, byte for byte as OVS 3.1.0's. */
    public static final String VERSION_TEXT = "ovs-vswitchd (Open vSwitch) " + OVS_VERSION + "\n";

    /** What {@code exit} does after replying (OVS: leave; with {@code --cleanup} also delete datapath ports). */
    @FunctionalInterface
    public interface ExitHandler {
        void exit(boolean cleanup);
    }

    private final ScheduledExecutorService sampler;

    private OvsAppctlCommands(ScheduledExecutorService sampler) {
        this.sampler = sampler;
    }

    /**
     * Registers every command on {@code server} (replacing a {@code version} registered with another text).
     *
     * @param view   the switch
     * @param vlog   the logging levels {@code vlog/*} act on
     * @param onExit called on its own thread shortly after {@code exit} has replied
     * @param extraMemory more {@code memory/show} entries the caller owns (e.g. OVSDB cells), may be null
     */
    public static OvsAppctlCommands register(UnixctlServer server, SwitchView view, Vlog vlog, ExitHandler onExit,
                                             Supplier<Map<String, Long>> extraMemory) {
        server.register("version", "", 0, 0, args -> VERSION_TEXT);
        server.register("exit", "[--cleanup]", 0, 1, args -> {
            // As OVS: any single argument is accepted; only "--cleanup" asks for cleanup.
            boolean cleanup = args.length == 1 && args[0].equals("--cleanup");
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                onExit.exit(cleanup);
            }, "jvswitch-exit");
            t.start();
            return "";
        });
        server.register("vlog/set", "{spec | PATTERN:destination:pattern}", 0, Integer.MAX_VALUE, args -> {
            try {
                vlog.set(args);
            } catch (IllegalArgumentException e) {
                throw new UnixctlException(e.getMessage());
            }
            return "";
        });
        server.register("vlog/list", "", 0, 0, args -> vlog.list());
        server.register("fdb/show", "bridge", 1, 1, args -> bridgeCall(() -> view.fdbShow(args[0])));
        server.register("fdb/flush", "[bridge]", 0, 1, args -> bridgeCall(() -> {
            view.fdbFlush(args.length == 0 ? null : args[0]);
            return "table successfully flushed";
        }));
        server.register("dpif/show", "", 0, 0, args -> DpifShow.format(view.pmds(), view.dpifPorts()));
        server.register("dpctl/dump-flows", "[-m] [--names] [dp] [filter=..] [type=..] [pmd=..]", 0, 6,
                args -> dumpFlows(view, args));
        PmdInfo pmdInfo = new PmdInfo();
        server.register("dpif-netdev/pmd-stats-show", "[-pmd core] [dp]", 0, 3,
                args -> pmdInfo.statsShow(view.pmds()));
        server.register("dpif-netdev/pmd-stats-clear", "[-pmd core] [dp]", 0, 3, args -> {
            pmdInfo.clear(view.pmds());
            return "";
        });
        server.register("dpif-netdev/pmd-rxq-show", "[-pmd core] [-secs secs] [dp]", 0, 5,
                args -> PmdInfo.rxqShow(view.pmds(), view.rxqs()));
        Coverage coverage = new Coverage(view::coverage);
        server.register("coverage/show", "", 0, 0, args -> coverage.show());
        server.register("memory/show", "", 0, 0, args -> memory(view, extraMemory));
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jvswitch-coverage");
            t.setDaemon(true);
            return t;
        });
        coverage.sample();
        s.scheduleAtFixedRate(coverage::sample, Coverage.INTERVAL_SECONDS, Coverage.INTERVAL_SECONDS,
                TimeUnit.SECONDS);
        return new OvsAppctlCommands(s);
    }

    private static String bridgeCall(Supplier<String> call) throws UnixctlException {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new UnixctlException(e.getMessage());
        }
    }

    private static String dumpFlows(SwitchView view, String[] args) throws UnixctlException {
        boolean verbose = false;
        boolean names = false;
        boolean noNames = false;
        for (String a : args) {
            switch (a) {
                case "-m", "--more" -> verbose = true;
                case "--names" -> names = true;
                case "--no-names" -> noNames = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw new UnixctlException("'" + a + "' option is not supported");
                    }
                    if (!a.equals(DpifShow.DPIF_NAME) && !a.equals("netdev@ovs-netdev") && !a.equals("ovs-netdev")) {
                        throw new UnixctlException("dump-flows: filters, types and pmd selection are not "
                                + "supported (" + a + ")");
                    }
                }
            }
        }
        Map<Integer, String> byOdp = new HashMap<>();
        for (DpifPortView p : view.dpifPorts()) {
            if (p.odpPort() >= 0) {
                byOdp.put(p.odpPort(), p.name());
            }
        }
        boolean showNames = names || (verbose && !noNames);
        String text = DumpFlows.format(view.datapathFlows(), verbose, showNames ? byOdp::get : null);
        return text;
    }

    /** OVS {@code compose_report}: {@code name:count} pairs, sorted by name, separated by spaces. */
    private static String memory(SwitchView view, Supplier<Map<String, Long>> extra) {
        Map<String, Long> all = new java.util.TreeMap<>(view.memory());
        if (extra != null) {
            all.putAll(extra.get());
        }
        StringBuilder sb = new StringBuilder();
        all.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append(':').append(v));
        return sb.append('\n').toString();
    }

    /** Stops the coverage sampler. */
    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
