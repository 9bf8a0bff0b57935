package io.jvswitch.bonding.lacp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test bench: several {@link Lacp} ports on one virtual clock, members joined by simulated links (a PDU sent at
 * t arrives at the far end at t + 1 ms; a link that is down delivers nothing and both ends lose carrier). Time
 * advances in 1 ms ticks; each tick delivers due frames, then runs every port in creation order.
 */
final class LacpLab {
    record End(Lacp lacp, String member) {
    }

    private record InFlight(long atMs, End to, byte[] frame) {
    }

    final List<Lacp> ports = new ArrayList<>();
    private final Map<End, End> peers = new HashMap<>();
    private final Map<End, Boolean> linkUp = new HashMap<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** Every frame sent, per sending end. */
    final Map<End, List<byte[]>> sent = new HashMap<>();
    /** The clock at every frame sent, per sending end. */
    final Map<End, List<Long>> sentAt = new HashMap<>();
    /** Ends whose received frames are silently lost (carrier stays up). */
    final Set<End> deaf = new HashSet<>();
    long now;

    Lacp port(String name, boolean active, boolean fast, long sysId, int sysPriority, boolean fallback) {
        Lacp l = new Lacp(new LacpSettings(name, active, fast, sysId, sysPriority, fallback));
        ports.add(l);
        return l;
    }

    /** Registers a member with default priority/key, carrier up. */
    End member(Lacp lacp, String name, int portId) {
        return member(lacp, LacpMemberSettings.of(name, portId, 0x0200_0000_0000L | portId));
    }

    End member(Lacp lacp, LacpMemberSettings s) {
        lacp.registerMember(s, now);
        lacp.setCarrier(s.name(), true, now);
        End e = new End(lacp, s.name());
        sent.put(e, new ArrayList<>());
        sentAt.put(e, new ArrayList<>());
        return e;
    }

    void connect(End a, End b) {
        peers.put(a, b);
        peers.put(b, a);
        linkUp.put(a, true);
        linkUp.put(b, true);
    }

    /** Takes the link of {@code a} down or up: carrier changes on both ends, frames in flight are lost. */
    void setLink(End a, boolean up) {
        End b = peers.get(a);
        linkUp.put(a, up);
        a.lacp().setCarrier(a.member(), up, now);
        if (b != null) {
            linkUp.put(b, up);
            b.lacp().setCarrier(b.member(), up, now);
        }
        if (!up) {
            inFlight.removeIf(f -> f.to().equals(a) || f.to().equals(b));
        }
    }

    void advanceTo(long endMs) {
        while (now < endMs) {
            now++;
            tick();
        }
    }

    void tick() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().atMs() <= now) {
            InFlight f = inFlight.pollFirst();
            if (deaf.contains(f.to())) {
                continue;
            }
            f.to().lacp().receive(f.to().member(), f.frame(), 0, f.frame().length, now);
        }
        for (Lacp l : ports) {
            l.run(now, (member, frame) -> {
                End from = new End(l, member);
                sent.get(from).add(frame);
                sentAt.get(from).add(now);
                End to = peers.get(from);
                if (to != null && linkUp.getOrDefault(from, false)) {
                    inFlight.addLast(new InFlight(now + 1, to, frame));
                }
            });
        }
    }

    int sentCount(End e) {
        return sent.get(e).size();
    }
}
