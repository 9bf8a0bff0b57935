package io.jvswitch.control.bridge;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Randomized VLAN isolation: three bridges in a chain joined by patch ports, every port (patch ports too) with
 * a random {@code vlan_mode}/tag/trunks, reconfigured to a new random configuration every round while MAC
 * tables and megaflows carry over (so revalidation is exercised), and 120 000 frames with random VLANs, PCPs
 * and MACs. Each frame carries a sequence number; every transmitted frame is traced back to its input and
 * checked against {@link VlanOracle}: it may only leave on a port that carries the frame's VLAN in that bridge
 * (following the patch ports' translations), never on its input port, with exactly the egress tag of that
 * port's mode, at most once per port. Broadcast and multicast frames must reach exactly that set of ports;
 * frames to reserved MACs none.
 */
class RandomVlanIsolationTest {
    private static final int ROUNDS = 6;
    private static final int FRAMES_PER_ROUND = 20_000;
    private static final int[] TAGS = {1, 2, 3};
    private static final int[] VIDS = {1, 2, 3, 4};

    private record Sent(String inPort, int tci, long dst, byte[] frame) {
    }

    @Test
    void noFrameEverLeavesOnAPortOutsideItsVlan() {
        long seed = Long.getLong("isolation.seed", System.nanoTime());
        Random rnd = new Random(seed);
        String ctx = "seed " + seed + " (rerun with -Disolation.seed=" + seed + ")";
        List<String> names = List.of("a1", "a2", "a3", "a4", "b1", "b2", "b3", "c1", "c2", "c3", "c4");
        long[] macs = new long[24];
        for (int i = 0; i < macs.length; i++) {
            macs[i] = L2Frames.mac(i + 1);
        }
        long checkedOutputs = 0;
        long floods = 0;
        try (SwitchHarness h = new SwitchHarness()) {
            int seq = 0;
            for (int round = 0; round < ROUNDS; round++) {
                SwitchConfig cfg = randomConfig(rnd);
                h.apply(cfg);
                Map<String, PortConfig> ports = new HashMap<>();
                Map<String, String> bridgeOf = new HashMap<>();
                for (BridgeConfig b : cfg.bridges()) {
                    for (PortConfig p : b.ports()) {
                        ports.put(p.name(), p);
                        bridgeOf.put(p.name(), b.name());
                    }
                }
                Map<Integer, Sent> sent = new HashMap<>();
                for (int i = 0; i < FRAMES_PER_ROUND; i++) {
                    String in = names.get(rnd.nextInt(names.size()));
                    int r = rnd.nextInt(10);
                    int tci = r < 3 ? -1 : r == 3 ? L2Frames.tci(0, rnd.nextInt(8))
                            : L2Frames.tci(VIDS[rnd.nextInt(VIDS.length)], rnd.nextInt(8));
                    int d = rnd.nextInt(100);
                    long dst = d < 15 ? L2Frames.BROADCAST : d < 20 ? 0x01005e000000L | rnd.nextInt(4)
                            : d < 23 ? 0x0180c2000000L | rnd.nextInt(16) : macs[rnd.nextInt(macs.length)];
                    long src = macs[rnd.nextInt(macs.length)];
                    byte[] f = frame(dst, src, tci, seq);
                    sent.put(seq++, new Sent(in, tci, dst, f));
                    h.ports.get(in).inject(f);
                    if (i % 256 == 255 || i == FRAMES_PER_ROUND - 1) {
                        h.drain();
                        Map<Integer, Map<String, Integer>> outs = collect(h, sent);
                        for (Map.Entry<Integer, Sent> e : sent.entrySet()) {
                            Map<String, Integer> got = outs.getOrDefault(e.getKey(), Map.of());
                            checkedOutputs += got.size();
                            floods += check(e.getValue(), got, ports, bridgeOf, cfg, ctx + " round " + round
                                    + " frame " + e.getKey()) ? 1 : 0;
                        }
                        sent.clear();
                    }
                    if (i % 2000 == 1999) {
                        h.advance(1);
                        h.revalidate();
                    }
                }
            }
        }
        assertTrue(ROUNDS * FRAMES_PER_ROUND >= 100_000);
        assertTrue(checkedOutputs > 40_000, "the test forwarded enough frames to mean something: "
                + checkedOutputs);
        assertTrue(floods > 10_000, "floods: " + floods);
    }

    /** Maps every transmitted frame to its sequence number: seq → (port → tci), failing on duplicates. */
    private static Map<Integer, Map<String, Integer>> collect(SwitchHarness h, Map<Integer, Sent> sent) {
        Map<Integer, Map<String, Integer>> outs = new HashMap<>();
        h.txAll().forEach((port, frames) -> {
            for (byte[] out : frames) {
                int tag = L2Frames.tagOf(out);
                int seq = ByteBuffer.wrap(out).getInt(tag >= 0 ? 18 : 14);
                Sent s = sent.get(seq);
                if (s == null) {
                    fail("a frame left " + port + " that was not sent in this batch (seq " + seq + ")");
                }
                assertArrayEquals(L2Frames.untagged(s.frame()), L2Frames.untagged(out), "payload of seq " + seq);
                Integer prev = outs.computeIfAbsent(seq, k -> new HashMap<>()).put(port, tag);
                if (prev != null) {
                    fail("frame " + seq + " left " + port + " twice");
                }
            }
        });
        return outs;
    }

    /** Checks one frame's outputs against the oracle; returns true when it was a flood. */
    private static boolean check(Sent s, Map<String, Integer> got, Map<String, PortConfig> ports,
                                 Map<String, String> bridgeOf, SwitchConfig cfg, String what) {
        int vid = s.tci() < 0 ? 0 : s.tci() & 0xfff;
        int pcp = s.tci() < 0 ? 0 : s.tci() >>> 13;
        Map<String, Integer> allowed = new HashMap<>();
        if (!MacAddresses.isReserved(s.dst())) {
            Map<String, Integer> vlanIn = reach(s.inPort(), vid, pcp, ports, bridgeOf, cfg);
            for (Map.Entry<String, Integer> b : vlanIn.entrySet()) {
                for (PortConfig p : bridge(cfg, b.getKey()).ports()) {
                    VlanOracle o = new VlanOracle(p);
                    if (!isPatch(p) && !p.name().equals(s.inPort()) && o.carries(b.getValue())) {
                        allowed.put(p.name(), o.egressTci(b.getValue(), pcp));
                    }
                }
            }
        }
        for (Map.Entry<String, Integer> e : got.entrySet()) {
            if (!allowed.containsKey(e.getKey())) {
                fail(what + ": left on " + e.getKey() + " outside its VLAN; sent on " + s.inPort() + " tci "
                        + s.tci() + ", allowed " + allowed + ", got " + got);
            }
            assertEquals(allowed.get(e.getKey()), e.getValue(), what + ": egress tag on " + e.getKey());
        }
        boolean flood = MacAddresses.isMulticast(s.dst()) && !MacAddresses.isReserved(s.dst());
        if (flood) {
            assertEquals(allowed, got, what + ": a broadcast/multicast reaches every port of its VLAN");
        }
        return flood;
    }

    /** The VLAN the frame has in each bridge it can reach (through patch ports), none when inadmissible. */
    private static Map<String, Integer> reach(String inPort, int vid, int pcp, Map<String, PortConfig> ports,
                                              Map<String, String> bridgeOf, SwitchConfig cfg) {
        Map<String, Integer> vlanIn = new HashMap<>();
        VlanOracle first = new VlanOracle(ports.get(inPort));
        if (!first.admits(vid)) {
            return vlanIn;
        }
        ArrayDeque<String[]> todo = new ArrayDeque<>();
        vlanIn.put(bridgeOf.get(inPort), first.vlanOf(vid));
        todo.add(new String[] {bridgeOf.get(inPort), inPort});
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String[] cur = todo.poll();
            int v = vlanIn.get(cur[0]);
            for (PortConfig p : bridge(cfg, cur[0]).ports()) {
                if (!isPatch(p) || p.name().equals(cur[1]) || !new VlanOracle(p).carries(v) || !seen.add(p.name())) {
                    continue;
                }
                int e = new VlanOracle(p).egressTci(v, pcp);
                String peer = p.interfaces().get(0).options().get("peer");
                VlanOracle po = new VlanOracle(ports.get(peer));
                int pvid = e < 0 ? 0 : e & 0xfff;
                if (po.admits(pvid) && !vlanIn.containsKey(bridgeOf.get(peer))) {
                    vlanIn.put(bridgeOf.get(peer), po.vlanOf(pvid));
                    todo.add(new String[] {bridgeOf.get(peer), peer});
                }
            }
        }
        return vlanIn;
    }

    private static boolean isPatch(PortConfig p) {
        return "patch".equals(p.interfaces().get(0).type());
    }

    private static BridgeConfig bridge(SwitchConfig cfg, String name) {
        for (BridgeConfig b : cfg.bridges()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new AssertionError(name);
    }

    private static byte[] frame(long dst, long src, int tci, int seq) {
        byte[] f = L2Frames.eth(dst, src, tci, 0x88b5);
        ByteBuffer.wrap(f).putInt(tci >= 0 ? 18 : 14, seq);
        return f;
    }

    private static SwitchConfig randomConfig(Random rnd) {
        return new SwitchConfig(List.of(
                BridgeConfig.of("br0", List.of(rp(rnd, "a1"), rp(rnd, "a2"), rp(rnd, "a3"), rp(rnd, "a4"),
                        rpatch(rnd, "x01", "x10"))),
                BridgeConfig.of("br1", List.of(rp(rnd, "b1"), rp(rnd, "b2"), rp(rnd, "b3"),
                        rpatch(rnd, "x10", "x01"), rpatch(rnd, "x12", "x21"))),
                BridgeConfig.of("br2", List.of(rpatch(rnd, "x21", "x12"), rp(rnd, "c1"), rp(rnd, "c2"),
                        rp(rnd, "c3"), rp(rnd, "c4")))));
    }

    private static PortConfig rp(Random rnd, String name) {
        return randomVlan(rnd, PortConfig.of(name, "dummy"));
    }

    private static PortConfig rpatch(Random rnd, String name, String peer) {
        return randomVlan(rnd, SwitchHarness.patch(name, peer));
    }

    private static PortConfig randomVlan(Random rnd, PortConfig p) {
        int m = rnd.nextInt(5);
        Integer tag = TAGS[rnd.nextInt(TAGS.length)];
        Set<Integer> trunks = new HashSet<>();
        if (rnd.nextBoolean()) {
            for (int v = 0; v <= 4; v++) {
                if (rnd.nextInt(3) == 0) {
                    trunks.add(v);
                }
            }
        }
        return switch (m) {
            case 0 -> p.withVlan(VlanMode.ACCESS, tag, Set.of());
            case 1 -> p.withVlan(null, null, trunks);
            case 2 -> p.withVlan(VlanMode.NATIVE_TAGGED, tag, trunks);
            case 3 -> p.withVlan(VlanMode.NATIVE_UNTAGGED, tag, trunks);
            default -> p.withVlan(VlanMode.TRUNK, null, trunks);
        };
    }
}
