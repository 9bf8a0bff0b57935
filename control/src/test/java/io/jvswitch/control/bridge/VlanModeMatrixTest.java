package io.jvswitch.control.bridge;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.VlanMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.jvswitch.control.bridge.SwitchHarness.sw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every ingress mode × every egress mode, with untagged, priority-tagged and tagged frames (two PCPs), for
 * broadcast (flood) and for unicast to a MAC learned on each egress port in each VLAN it carries.
 */
class VlanModeMatrixTest {
    private static final List<PortConfig> PORTS = List.of(
            p("acc10", VlanMode.ACCESS, 10, Set.of()),
            p("acc20", VlanMode.ACCESS, 20, Set.of()),
            p("trkAll", VlanMode.TRUNK, null, Set.of()),
            p("trk10", VlanMode.TRUNK, null, Set.of(10)),
            p("trk0and20", VlanMode.TRUNK, null, Set.of(0, 20)),
            p("nt10", VlanMode.NATIVE_TAGGED, 10, Set.of()),
            p("nt10tr20", VlanMode.NATIVE_TAGGED, 10, Set.of(20)),
            p("nu10", VlanMode.NATIVE_UNTAGGED, 10, Set.of()),
            p("nu20tr0and10", VlanMode.NATIVE_UNTAGGED, 20, Set.of(0, 10)),
            p("defTag30", null, 30, Set.of()));
    private static final int[] INPUT_TCIS = {-1, L2Frames.tci(0, 0), L2Frames.tci(0, 6), L2Frames.tci(10, 0),
        L2Frames.tci(10, 5), L2Frames.tci(20, 2), L2Frames.tci(30, 0), L2Frames.tci(40, 7)};
    private static final int[] VLANS = {0, 10, 20, 30, 40};

    private SwitchHarness h;

    private static PortConfig p(String name, VlanMode mode, Integer tag, Set<Integer> trunks) {
        return PortConfig.of(name, "dummy").withVlan(mode, tag, trunks);
    }

    @BeforeEach
    void setUp() {
        h = new SwitchHarness();
        h.apply(sw(BridgeConfig.of("br0", PORTS)));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private Map<String, List<Integer>> sendAndCollect(String in, byte[] frame) {
        h.send(in, frame);
        Map<String, List<Integer>> got = new TreeMap<>();
        h.txAll().forEach((name, frames) -> {
            for (byte[] out : frames) {
                assertArrayEquals(L2Frames.untagged(frame), L2Frames.untagged(out));
                got.computeIfAbsent(name, k -> new ArrayList<>()).add(L2Frames.tagOf(out));
            }
        });
        return got;
    }

    @Test
    void broadcastFromEveryModeReachesExactlyThePortsOfItsVlanWithTheirEgressTags() {
        int cases = 0;
        for (PortConfig in : PORTS) {
            VlanOracle io = new VlanOracle(in);
            for (int tci : INPUT_TCIS) {
                int vid = tci < 0 ? 0 : tci & 0xfff;
                int pcp = tci < 0 ? 0 : tci >>> 13;
                Map<String, List<Integer>> want = new TreeMap<>();
                if (io.admits(vid)) {
                    int v = io.vlanOf(vid);
                    for (PortConfig out : PORTS) {
                        VlanOracle oo = new VlanOracle(out);
                        if (out != in && oo.carries(v)) {
                            want.put(out.name(), List.of(oo.egressTci(v, pcp)));
                        }
                    }
                }
                byte[] f = L2Frames.eth(L2Frames.BROADCAST, L2Frames.mac(0x100 + cases), tci);
                assertEquals(want, sendAndCollect(in.name(), f), in.name() + " tci " + tci);
                cases++;
            }
        }
        assertEquals(PORTS.size() * INPUT_TCIS.length, cases);
    }

    @Test
    void unicastToAMacLearnedOnEachEgressPortInEachVlanGoesThereOnlyWithItsEgressTag() {
        int n = 0;
        for (PortConfig out : PORTS) {
            VlanOracle oo = new VlanOracle(out);
            for (int v : VLANS) {
                int learnTci = oo.ingressTciFor(v);
                if (!oo.carries(v) || learnTci == -2) {
                    continue;
                }
                long dst = L2Frames.mac(0x1000 + n++);
                h.send(out.name(), L2Frames.eth(L2Frames.BROADCAST, dst, learnTci));
                h.clearTx();
                for (PortConfig in : PORTS) {
                    VlanOracle io = new VlanOracle(in);
                    int inTci = io.ingressTciFor(v);
                    if (inTci == -2) {
                        continue;
                    }
                    for (int pcp : new int[] {0, 3}) {
                        int tci = inTci < 0 ? (pcp == 0 ? -1 : pcp << 13) : pcp << 13 | inTci;
                        if (inTci < 0 && pcp != 0 && !io.admits(0)) {
                            continue;
                        }
                        byte[] f = L2Frames.eth(dst, L2Frames.mac(0x2000 + n), tci);
                        Map<String, List<Integer>> want = in == out ? Map.of()
                                : Map.of(out.name(), List.of(oo.egressTci(v, tci < 0 ? 0 : pcp)));
                        assertEquals(want, sendAndCollect(in.name(), f), in.name() + " → " + out.name() + " vlan "
                                + v + " tci " + tci);
                    }
                }
            }
        }
    }
}
