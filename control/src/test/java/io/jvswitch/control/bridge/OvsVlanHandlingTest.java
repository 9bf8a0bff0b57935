package io.jvswitch.control.bridge;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.VlanMode;
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
 * OVS's own "ofproto-dpif - VLAN handling" test (tests/ofproto-dpif.at, v3.1.0) replayed through a real PMD:
 * same bridge (minus the priority-tags and dot1q-tunnel ports, which jvswitch does not support yet), same
 * broadcast frames, and OVS's expected datapath action lists — simulated on the input frame to get what each
 * port must transmit (port order and action grouping may differ; frames per port and their tags may not).
 */
class OvsVlanHandlingTest {
    /** "in_port vid pcp expected-actions" rows of the OVS test whose in_port we have. */
    private static final String[] ROWS = {
        "100 none 0 drop", "100 0 0 drop", "100 0 1 drop",
        "100 10 0 1,5,6,7,8,pop_vlan,2,9", "100 10 1 1,5,6,7,8,pop_vlan,2,9",
        "100 11 0 5,7", "100 11 1 5,7",
        "100 12 0 1,5,6,pop_vlan,3,4,7,8,11,12",
        "100 12 1 1,5,6,pop_vlan,4,7,11,push_vlan(vid=0,pcp=1),3,8,12",
        "1 none 0 drop", "1 0 0 drop", "1 0 1 drop",
        "1 10 0 5,6,7,8,100,pop_vlan,2,9", "1 10 1 5,6,7,8,100,pop_vlan,2,9",
        "1 11 0 drop", "1 11 1 drop",
        "1 12 0 5,6,100,pop_vlan,3,4,7,8,11,12",
        "1 12 1 5,6,100,pop_vlan,4,7,11,push_vlan(vid=0,pcp=1),3,8,12",
        "2 none 0 9,push_vlan(vid=10,pcp=0),1,5,6,7,8,100",
        "2 0 0 pop_vlan,9,push_vlan(vid=10,pcp=0),1,5,6,7,8,100",
        "2 0 1 pop_vlan,9,push_vlan(vid=10,pcp=1),1,5,6,7,8,100",
        "2 10 0 drop", "2 10 1 drop", "2 11 0 drop", "2 11 1 drop", "2 12 0 drop", "2 12 1 drop",
        "4 none 0 3,7,8,11,12,push_vlan(vid=12,pcp=0),1,5,6,100",
        "4 0 0 pop_vlan,3,7,8,11,12,push_vlan(vid=12,pcp=0),1,5,6,100",
        "4 0 1 3,8,12,pop_vlan,7,11,push_vlan(vid=12,pcp=1),1,5,6,100",
        "4 10 0 drop", "4 10 1 drop", "4 11 0 drop", "4 11 1 drop", "4 12 0 drop", "4 12 1 drop",
        "5 none 0 2,9,push_vlan(vid=10,pcp=0),1,6,7,8,100",
        "5 0 0 pop_vlan,2,9,push_vlan(vid=10,pcp=0),1,6,7,8,100",
        "5 0 1 pop_vlan,2,9,push_vlan(vid=10,pcp=1),1,6,7,8,100",
        "5 10 0 1,6,7,8,100,pop_vlan,2,9", "5 10 1 1,6,7,8,100,pop_vlan,2,9",
        "5 11 0 7,100", "5 11 1 7,100",
        "5 12 0 1,6,100,pop_vlan,3,4,7,8,11,12",
        "5 12 1 1,6,100,pop_vlan,4,7,11,push_vlan(vid=0,pcp=1),3,8,12",
        "6 none 0 2,9,push_vlan(vid=10,pcp=0),1,5,7,8,100",
        "6 0 0 pop_vlan,2,9,push_vlan(vid=10,pcp=0),1,5,7,8,100",
        "6 0 1 pop_vlan,2,9,push_vlan(vid=10,pcp=1),1,5,7,8,100",
        "6 10 0 1,5,7,8,100,pop_vlan,2,9", "6 10 1 1,5,7,8,100,pop_vlan,2,9",
        "6 11 0 drop", "6 11 1 drop",
        "6 12 0 1,5,100,pop_vlan,3,4,7,8,11,12",
        "6 12 1 1,5,100,pop_vlan,4,7,11,push_vlan(vid=0,pcp=1),3,8,12",
        "7 none 0 3,4,8,11,12,push_vlan(vid=12,pcp=0),1,5,6,100",
        "7 0 0 pop_vlan,3,4,8,11,12,push_vlan(vid=12,pcp=0),1,5,6,100",
        "7 0 1 3,8,12,pop_vlan,4,11,push_vlan(vid=12,pcp=1),1,5,6,100",
        "7 10 0 1,5,6,8,100,pop_vlan,2,9", "7 10 1 1,5,6,8,100,pop_vlan,2,9",
        "7 11 0 5,100", "7 11 1 5,100",
        "7 12 0 1,5,6,100,pop_vlan,3,4,8,11,12",
        "7 12 1 1,5,6,100,pop_vlan,4,11,push_vlan(vid=0,pcp=1),3,8,12",
    };

    private static final Set<Integer> OURS = Set.of(1, 2, 4, 5, 6, 7, 100);

    private static PortConfig p(String name, VlanMode mode, Integer tag, Set<Integer> trunks) {
        return PortConfig.of(name, "dummy").withVlan(mode, tag, trunks);
    }

    @Test
    void everyRowOfOvsVlanHandlingForwardsTheSameFramesWithTheSameTags() {
        try (SwitchHarness h = new SwitchHarness()) {
            for (int n : OURS) {
                h.number(n == 100 ? "br0" : "p" + n, n);
            }
            h.apply(sw(BridgeConfig.of("br0", List.of(
                    PortConfig.of("br0", "internal"),
                    p("p1", null, null, Set.of(10, 12)),
                    p("p2", null, 10, Set.of()),
                    p("p4", null, 12, Set.of()),
                    p("p5", VlanMode.NATIVE_TAGGED, 10, Set.of()),
                    p("p6", VlanMode.NATIVE_TAGGED, 10, Set.of(10, 12)),
                    p("p7", VlanMode.NATIVE_UNTAGGED, 12, Set.of())))));
            for (String row : ROWS) {
                String[] f = row.split(" ");
                int inPort = Integer.parseInt(f[0]);
                int tci = f[1].equals("none") ? -1 : L2Frames.tci(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                byte[] frame = L2Frames.eth(L2Frames.BROADCAST, 0x505400000001L, tci);
                h.send(inPort == 100 ? "br0" : "p" + inPort, frame);
                Map<Integer, List<Integer>> got = new TreeMap<>();
                h.txAll().forEach((name, frames) -> {
                    for (byte[] out : frames) {
                        assertArrayEquals(L2Frames.untagged(frame),
                                L2Frames.untagged(out), row + ": payload on " + name);
                        got.computeIfAbsent(h.odp.get(name), k -> new ArrayList<>()).add(L2Frames.tagOf(out));
                    }
                });
                assertEquals(expected(f[3], tci), got, row);
            }
        }
    }

    /** Runs an OVS datapath action string on the input tag: port → tags it receives (ports we have only). */
    static Map<Integer, List<Integer>> expected(String actions, int inTci) {
        Map<Integer, List<Integer>> m = new TreeMap<>();
        if (actions.equals("drop")) {
            return m;
        }
        int tci = inTci;
        for (String a : actions.split(",(?![^(]*\\))")) {
            if (a.equals("pop_vlan")) {
                tci = -1;
            } else if (a.startsWith("push_vlan(")) {
                String[] kv = a.substring(10, a.length() - 1).split(",");
                tci = L2Frames.tci(Integer.parseInt(kv[0].substring(4)), Integer.parseInt(kv[1].substring(4)));
            } else {
                int port = Integer.parseInt(a);
                if (OURS.contains(port)) {
                    m.computeIfAbsent(port, k -> new ArrayList<>()).add(tci);
                }
            }
        }
        return m;
    }
}
