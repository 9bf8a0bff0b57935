package io.jvswitch.control.cli;

import io.jvswitch.control.demo.DemoReport;
import io.jvswitch.control.demo.InMemoryDemo;
import io.jvswitch.control.demo.NetnsDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code jvswitch demo}: as root, real traffic between two network namespaces through the switch
 * ({@link NetnsDemo}); without root, or with {@code --in-memory} or a capture, the in-memory datapath over a
 * capture with its counters ({@link InMemoryDemo}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"As root: two network namespaces joined by veth pairs to the switch (AF_XDP ports, "
                + "AF_PACKET as fallback); ping and a throughput burst cross it with live per-port rates; "
                + "everything it creates is removed afterwards.",
            "Without root, with --in-memory or with a PCAP: replay a capture (default: the bundled mixed.pcap) "
                + "through an in-memory datapath (port 1 -> port 2) and print per-port, per-PMD and per-flow "
                + "counters."})
final class DemoCommand implements Callable<Integer> {
    private static final Set<String> PORT_TYPES = Set.of("afxdp", "afpacket", "system");

    @Parameters(arity = "0..1", paramLabel = "PCAP", description = "libpcap capture to replay (in-memory demo)")
    Path capture;

    @Option(names = "--in-memory", description = "run the in-memory demo (no root needed)")
    boolean inMemory;

    @Option(names = "--port-type", paramLabel = "TYPE", defaultValue = "afxdp",
            description = "netns demo: port type, afxdp (falls back to afpacket when it cannot be opened), afpacket "
                    + "or system (default: ${DEFAULT-VALUE})")
    String portType;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "3",
            description = "netns demo: length of the throughput burst (default: ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--record", paramLabel = "FILE", description = "in-memory demo: record what port 2 transmits "
            + "(libpcap)")
    Path record;

    @Option(names = "--emc-insert-inv-prob", paramLabel = "N", defaultValue = "100",
            description = "in-memory demo: EMC insert probability 1/N; 0 turns the EMC off (default: "
                    + "${DEFAULT-VALUE})")
    int emcInvProb;

    @Option(names = "--flows", paramLabel = "N", defaultValue = "20",
            description = "in-memory demo: how many megaflows to print, busiest first (default: ${DEFAULT-VALUE})")
    int maxFlows;

    @Override
    public Integer call() throws Exception {
        if (capture != null && !Files.isReadable(capture)) {
            System.err.println("jvswitch demo: cannot read " + capture);
            return 2;
        }
        if (emcInvProb < 0) {
            System.err.println("jvswitch demo: --emc-insert-inv-prob must be >= 0");
            return 2;
        }
        if (!PORT_TYPES.contains(portType)) {
            System.err.println("jvswitch demo: --port-type must be afxdp, afpacket or system, not " + portType);
            return 2;
        }
        if (duration < 1 || duration > 600) {
            System.err.println("jvswitch demo: --duration must be 1..600 seconds");
            return 2;
        }
        if (!inMemory && capture == null && record == null) {
            if (NetnsDemo.privileged()) {
                return NetnsDemo.run(System.out, portType, duration);
            }
            System.out.println("jvswitch demo: the network-namespace demo needs root (CAP_NET_ADMIN, CAP_NET_RAW, "
                    + "CAP_SYS_ADMIN to create namespaces and veth pairs; CAP_BPF for AF_XDP): run "
                    + "'sudo ./jvswitch demo'. Running the in-memory demo instead (same as 'demo --in-memory').");
            System.out.println();
        }
        DemoReport report = InMemoryDemo.run(capture, record, emcInvProb);
        report.print(System.out, Math.max(0, maxFlows));
        return 0;
    }
}
