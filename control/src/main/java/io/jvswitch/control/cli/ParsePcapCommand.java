package io.jvswitch.control.cli;

import io.jvswitch.control.tools.ParsePcap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jvswitch parse-pcap FILE...}: what the switch sees in each packet, in ovs-ofctl's format. */
@Command(name = "parse-pcap", mixinStandardHelpOptions = true,
        description = "Print the flow of every packet in libpcap files, one line per packet, exactly as "
                + "`ovs-ofctl parse-pcap` prints it.")
final class ParsePcapCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "libpcap capture file(s)")
    List<Path> files;

    @Override
    public Integer call() {
        return ParsePcap.run(files, System.out, System.err);
    }
}
