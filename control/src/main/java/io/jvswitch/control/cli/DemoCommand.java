package io.jvswitch.control.cli;

import io.jvswitch.control.demo.DemoReport;
import io.jvswitch.control.demo.InMemoryDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jvswitch demo [PCAP]}: the in-memory datapath over a capture, with its counters. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Replay a capture (default: the bundled mixed.pcap) through an in-memory datapath "
                + "(port 1 -> port 2) and print per-port, per-PMD and per-flow counters.")
final class DemoCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "PCAP", description = "libpcap capture to replay")
    Path capture;

    @Option(names = "--record", paramLabel = "FILE", description = "record what port 2 transmits (libpcap)")
    Path record;

    @Option(names = "--emc-insert-inv-prob", paramLabel = "N", defaultValue = "100",
            description = "EMC insert probability 1/N; 0 turns the EMC off (default: ${DEFAULT-VALUE})")
    int emcInvProb;

    @Option(names = "--flows", paramLabel = "N", defaultValue = "20",
            description = "how many megaflows to print, busiest first (default: ${DEFAULT-VALUE})")
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
        DemoReport report = InMemoryDemo.run(capture, record, emcInvProb);
        report.print(System.out, Math.max(0, maxFlows));
        return 0;
    }
}
