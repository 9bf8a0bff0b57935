package io.jvswitch.control.runtime;

import io.jvswitch.control.model.VlanMode;
import io.jvswitch.control.runtime.RealTrafficFixture.Member;
import io.jvswitch.control.runtime.TrunkFrames.Seen;
import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.jvswitch.control.runtime.TrunkFrames.UNTAGGED;
import static io.jvswitch.control.runtime.TrunkFrames.arpRequest;
import static io.jvswitch.control.runtime.TrunkFrames.echoRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VLAN-tagged traffic through trunk and access ports, for every port type in {@link RealTrafficFixture#PORT_TYPES}.
 *
 * <pre>
 *  ns a  access tag=10   V10.1 (+ decoy V20.1) ─┐
 *  ns d  access tag=10   V10.4                  ├─ switch ─ trunk trunks=10,20 ─ ns b: raw 802.1Q frames from
 *  ns c  access tag=20   V20.3 (+ decoy V10.3) ─┘                               hosts M10 (V10.2), M20 (V20.2)
 * </pre>
 * The trunk's far end speaks raw frames ({@code rawsock.py}: AF_PACKET, tags put back from the kernel's metadata)
 * because 802.1Q subinterfaces need {@code CONFIG_VLAN_8021Q}, which not every CI kernel has; a, c and d answer with
 * their own IP stacks, which take only untagged frames (a tagged frame with no VLAN device is "other host").
 * <ul>
 *   <li>Same VLAN across access ports: a pings d.</li>
 *   <li>Trunk to access and back: an ARP request and an ICMP echo request sent tagged 10 on the trunk arrive in a
 *       untagged, and a's ARP reply and echo reply come back on the trunk with exactly one tag, VID 10; the same for
 *       VLAN 20 and c.</li>
 *   <li>Isolation: the decoy addresses put each access namespace in the other VLAN's subnet too, so a leak would
 *       be answered. Nothing the trunk sends on VLAN 20 reaches a, nothing on VLAN 10 reaches c, nothing untagged
 *       (VLAN 0, not in the trunks) reaches a or c; a cannot ping c's V10.3, c cannot ping a's V10.1.</li>
 * </ul>
 * Privileged; needs ethtool and python3.
 */
class RealTrafficVlanTest {
    private static final String M10 = "020000000a02";
    private static final String M20 = "020000001402";
    private static final String MU = "02000000ff02";
    private RealTrafficFixture fx;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (Process p : processes) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (fx != null) {
                fx.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.jvswitch.control.runtime.RealTrafficFixture#portTypes")
    void accessAndTrunkPortsCarryTheirVlansAndIsolateTheOthers(String type) throws Exception {
        fx = new RealTrafficFixture("RealTrafficVlanTest", type, "python3");
        Member a = fx.member(VlanMode.ACCESS, 10, Set.of());
        Member b = fx.member(VlanMode.TRUNK, null, Set.of(10, 20));
        Member c = fx.member(VlanMode.ACCESS, 20, Set.of());
        Member d = fx.member(VlanMode.ACCESS, 10, Set.of());
        fx.start();
        String v10 = fx.subnet(0);
        String v20 = fx.subnet(1);
        fx.addr(a, v10 + ".1/24");
        fx.addr(a, v20 + ".1/24");
        fx.addr(c, v20 + ".3/24");
        fx.addr(c, v10 + ".3/24");
        fx.addr(d, v10 + ".4/24");
        String aMac = fx.topo().mac(a.ns(), a.dev());
        String cMac = fx.topo().mac(c.ns(), c.dev());

        trunkExchange(type, b, a, aMac, 10, M10, v10 + ".2", v10 + ".1");
        trunkExchange(type, b, c, cMac, 20, M20, v20 + ".2", v20 + ".3");
        assertTrue(NetTopology.ping(a.ns(), v10 + ".4", 3), type + ": access 10 reaches access 10; "
                + fx.portCounters());

        Map<String, Listener> leaks = new LinkedHashMap<>();
        leaks.put("trunk VLAN 20 -> access 10", listen(a, M20, 1, 2));
        leaks.put("trunk untagged -> access 10", listen(a, MU, 1, 2));
        leaks.put("trunk VLAN 10 -> access 20", listen(c, M10, 1, 2));
        leaks.put("trunk untagged -> access 20", listen(c, MU, 1, 2));
        send(b, arpRequest(M20, v20 + ".2", v20 + ".1", 20), arpRequest(M10, v10 + ".2", v10 + ".3", 10),
                arpRequest(MU, v10 + ".2", v10 + ".1", UNTAGGED), arpRequest(MU, v20 + ".2", v20 + ".3", UNTAGGED));
        Map<String, Process> pings = new LinkedHashMap<>();
        pings.put("access 10 -> access 20 (a pings c's decoy " + v10 + ".3)", ping(a.ns(), v10 + ".3"));
        pings.put("access 20 -> access 10 (c pings a's " + v10 + ".1)", ping(c.ns(), v10 + ".1"));
        List<String> leaked = new ArrayList<>();
        for (Map.Entry<String, Listener> e : leaks.entrySet()) {
            List<Seen> got = e.getValue().frames();
            if (!got.isEmpty()) {
                leaked.add(e.getKey() + ": " + got);
            }
        }
        for (Map.Entry<String, Process> e : pings.entrySet()) {
            assertTrue(e.getValue().waitFor(20, TimeUnit.SECONDS), "ping finishes");
            if (e.getValue().exitValue() == 0) {
                leaked.add(e.getKey());
            }
        }
        assertEquals(List.of(), leaked, type + ": VLANs isolated; " + fx.portCounters());
    }

    /**
     * From the trunk's far end {@code trunk}, host {@code hostMac}/{@code hostIp} on VLAN {@code vid} sends an ARP
     * request and an echo request to {@code peerIp} in {@code access}: both arrive there untagged, and both answers
     * come back on the trunk tagged {@code vid}, once.
     */
    private void trunkExchange(String type, Member trunk, Member access, String peerMac, int vid, String hostMac,
            String hostIp, String peerIp) throws Exception {
        Listener atTrunk = listen(trunk, peerMac, 2, 5);
        Listener atAccess = listen(access, hostMac, 2, 5);
        send(trunk, arpRequest(hostMac, hostIp, peerIp, vid),
                echoRequest(hostMac, peerMac, hostIp, peerIp, vid, 0x4a00 + vid, 1));
        List<Seen> in = atAccess.frames();
        List<Seen> back = atTrunk.frames();
        String what = type + ", VLAN " + vid + ": ";
        assertEquals(2, in.size(), what + "the trunk's ARP and echo requests reach the access port; " + in + "; "
                + fx.portCounters());
        assertTrue(in.stream().allMatch(s -> s.tagCount() == 0), what + "untagged on the access port: " + in);
        assertTrue(back.stream().anyMatch(s -> s.isArpReply() && s.dstMac().equals(hostMac)), what
                + "ARP reply comes back on the trunk: " + back + "; " + fx.portCounters());
        assertTrue(back.stream().anyMatch(s -> s.isEchoReply() && s.dstMac().equals(hostMac)), what
                + "echo reply comes back on the trunk: " + back + "; " + fx.portCounters());
        assertTrue(back.stream().allMatch(s -> s.tagCount() == 1 && s.vid() == vid), what
                + "tagged " + vid + ", once, on the trunk: " + back);
    }

    /** A {@code rawsock.py recv} in a member's namespace: frames from {@code srcMac}, as on the wire. */
    private final class Listener {
        private final Process process;
        private final BufferedReader out;

        Listener(Process process) throws Exception {
            this.process = process;
            this.out = NetTopology.lines(process);
            String first = out.readLine();
            assertEquals("ready", first, "rawsock recv starts");
        }

        /** Waits for the listener to end (its count reached or its time up); the frames it saw. */
        List<Seen> frames() throws Exception {
            List<Seen> seen = new ArrayList<>();
            for (String line = out.readLine(); line != null && !line.startsWith("done"); line = out.readLine()) {
                seen.add(Seen.parse(line));
            }
            process.waitFor(10, TimeUnit.SECONDS);
            return seen;
        }
    }

    private Listener listen(Member m, String srcMac, int count, int seconds) throws Exception {
        Process p = NetTopology.start(fx.topo().rawsock(m.ns(), "recv", m.dev(), srcMac, Integer.toString(count),
                Integer.toString(seconds)));
        processes.add(p);
        return new Listener(p);
    }

    private void send(Member m, String... frames) throws Exception {
        List<String> cmd = new ArrayList<>(fx.topo().rawsock(m.ns(), "send", m.dev()));
        cmd.addAll(List.of(frames));
        String out = NetTopology.run(cmd.toArray(String[]::new));
        assertTrue(out.contains("sent " + frames.length), out);
    }

    /** Three pings, started now, each waiting 1 s for its answer (the leak checks run side by side). */
    private Process ping(String ns, String dst) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "ping", "-n", "-q", "-c", "3", "-i", "0.2", "-W",
                "1", dst).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }
}
