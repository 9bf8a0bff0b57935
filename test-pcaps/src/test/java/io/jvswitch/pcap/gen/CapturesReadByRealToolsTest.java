package io.jvswitch.pcap.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvswitch.pcap.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tshark and ovs-ofctl (software nobody here wrote) read every generated capture, one result per packet. */
class CapturesReadByRealToolsTest {
    @Test
    void tsharkReadsEveryPacketOfEveryCapture(@TempDir Path dir) throws IOException {
        for (Capture c : CaptureGenerator.all()) {
            assertEquals(c.records().size(), ExternalTools.tsharkPacketCount(c.write(dir)), c.fileName());
        }
    }

    @Test
    void ovsOfctlParsePcapPrintsOneFlowPerPacket(@TempDir Path dir) throws IOException {
        for (Capture c : CaptureGenerator.all()) {
            assertEquals(c.records().size(), ExternalTools.ovsParsePcap(c.write(dir)).size(), c.fileName());
        }
    }
}
