package io.jvswitch.control.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.vport.afxdp.AfXdpPort;
import io.jvswitch.vport.netns.NetTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which socket a host interface gets, by Interface type (root needed, on a veth pair made here): {@code system}
 * takes AF_XDP when it can and falls back to AF_PACKET with the reason logged when AF_XDP cannot take the
 * interface (here: another AF_XDP user already holds it); {@code afpacket} is always AF_PACKET; {@code afxdp}
 * honours {@code xdp-mode} and fails with a clear error where AF_XDP is impossible.
 */
class SystemPortTypeTest {
    private final NetTopology topo = new NetTopology();
    private final List<Port> open = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        try {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        } finally {
            topo.close();
        }
    }

    private Port keep(Port p) {
        open.add(p);
        return p;
    }

    @Test
    void systemPrefersAfXdpAndFallsBackToAfPacketWithTheReasonLogged() throws Exception {
        NetTopology.requireRoot("system port type");
        String a = topo.name("jspa");
        String b = topo.name("jspb");
        topo.vethPair(a, b, 1500);

        Port sys = keep(DatapathPorts.open(1, InterfaceConfig.of(a, "system")));
        assertEquals("afxdp", sys.type(), "type system on a veth uses AF_XDP");
        assertEquals("native", ((AfXdpPort) sys).mode());

        List<String> logged = new ArrayList<>();
        Logger jul = Logger.getLogger(DatapathPorts.class.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            // the interface's XDP hook is taken (by the port above): system falls back to AF_PACKET
            Port fallback = keep(DatapathPorts.open(2, InterfaceConfig.of(a, "system")));
            assertEquals("system", fallback.type(), "AF_PACKET");
        } finally {
            jul.removeHandler(h);
        }
        assertTrue(logged.stream().anyMatch(m -> m.contains(a + ": type system uses AF_PACKET, not AF_XDP")
                && m.contains("already has an XDP program attached (another switch?)")), logged.toString());

        DatapathPorts.PortOpenException e = assertThrows(DatapathPorts.PortOpenException.class,
                () -> keep(DatapathPorts.open(3, InterfaceConfig.of(a, "afxdp"))));
        assertTrue(e.getMessage().contains("already has an XDP program attached (another switch?)"),
                e.getMessage());

        assertEquals("system", keep(DatapathPorts.open(4, InterfaceConfig.of(b, "afpacket"))).type());
        Port generic = keep(DatapathPorts.open(5, InterfaceConfig.of(b, "afxdp")
                .withOptions(Map.of("xdp-mode", "generic", "n_rxq", "1"))));
        assertEquals("generic", ((AfXdpPort) generic).mode());
        assertEquals(1, generic.rxQueueCount());

        DatapathPorts.PortOpenException bad = assertThrows(DatapathPorts.PortOpenException.class,
                () -> DatapathPorts.open(6, InterfaceConfig.of(b, "afxdp").withOptions(Map.of("xdp-mode", "fast"))));
        assertTrue(bad.getMessage().contains("xdp-mode must be"), bad.getMessage());
    }
}
