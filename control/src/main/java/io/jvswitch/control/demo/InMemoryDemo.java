package io.jvswitch.control.demo;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.flowcache.Megaflow;
import io.jvswitch.vport.dummy.DummyPort;
import io.jvswitch.vport.dummy.DummyPortSettings;
import io.jvswitch.vport.dummy.DummyTxMode;
import io.jvswitch.vport.pcap.PcapPort;
import io.jvswitch.vport.pcap.PcapPortSettings;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The main job until the daemon exists (issue 4): an in-memory datapath fed by a capture.
 *
 * <pre>
 *   capture ──► port 1 "uplink" (pcap, replayed once) ──► PMD 0 ──► port 2 "vm0" (pcap recorder or dummy sink)
 * </pre>
 * The upcall handler is the fixed-rule {@link PortForwardingUpcall} (in_port 1 → output 2, megaflows exact on
 * in_port, L2, L3 addresses/protocol and L4 ports). The PMD runs in invoker mode on the calling thread until the
 * capture is consumed; the result carries the ports, the PMD counters and every megaflow.
 */
public final class InMemoryDemo {
    /** The capture bundled in test-pcaps. */
    public static final String BUNDLED_CAPTURE = "/pcaps/mixed.pcap";

    private InMemoryDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param capture   the capture to replay, or null for the bundled one
     * @param record    where port 2 records what it transmits, or null to only count
     * @param emcInvProb EMC insert probability 1/N (0 = EMC off)
     */
    public static DemoReport run(Path capture, Path record, int emcInvProb) throws IOException {
        Path input = capture != null ? capture : extractBundled();
        try (FramePool pool = new FramePool(4096);
             PcapPort uplink = PcapPort.open(1, "uplink", PcapPortSettings.rxOnly(input));
             Port vm = record != null ? PcapPort.open(2, "vm0", PcapPortSettings.txOnly(record))
                     : new DummyPort(2, "vm0", DummyPortSettings.defaults().withTxMode(DummyTxMode.SINK))) {
            PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
            upcall.rule(1, Actions.builder().output(2).build());
            Pmd pmd = new Pmd(0, PmdConfig.defaults().withEmcInsertInvProb(emcInvProb), pool, upcall,
                    new SystemNanoClock());
            pmd.attachPort(uplink);
            pmd.attachPort(vm);
            long start = System.nanoTime();
            int idle = 0;
            while (idle < 8) {
                idle = pmd.doWork() == 0 && uplink.rxDone() ? idle + 1 : 0;
            }
            long elapsed = System.nanoTime() - start;
            if (vm instanceof PcapPort p) {
                p.flush();
            }
            List<Megaflow> flows = new ArrayList<>();
            pmd.flowTable().forEach(flows::add);
            String source = capture != null ? capture.toString() : "bundled " + BUNDLED_CAPTURE.substring(1);
            return new DemoReport(source, record, List.of(PortCounters.of(uplink), PortCounters.of(vm)),
                    PmdCounters.of(pmd), flows, elapsed, uplink.rxLoadError());
        } finally {
            if (capture == null) {
                Files.deleteIfExists(input);
            }
        }
    }

    private static Path extractBundled() throws IOException {
        try (InputStream in = InMemoryDemo.class.getResourceAsStream(BUNDLED_CAPTURE)) {
            if (in == null) {
                throw new IOException("bundled capture " + BUNDLED_CAPTURE + " missing from the class path");
            }
            Path tmp = Files.createTempFile("jvswitch-demo-", ".pcap");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        }
    }
}
