package io.jvswitch.dataplane.qos;

import io.jvswitch.qos.EgressPolicer;
import io.jvswitch.qos.IngressPolicer;

import java.util.Arrays;

/**
 * The datapath's per-port QoS: an ingress policer and an egress policy per datapath port number, published by
 * the control plane and read by every PMD once per batch.
 *
 * <h2>Design</h2> Copy-on-write arrays indexed by port number behind volatile fields: a PMD's check is one
 * volatile load, a bounds test and a null test — a port without QoS pays nothing else. Setting a policy
 * replaces the array (control plane, rare). A PMD that read the old policy finishes its batch with it; the
 * next batch sees the new one ("changing a policy under traffic is safe": no torn state, no lost frames).
 *
 * <h2>Thread-safety</h2> Reads: any thread. Writes: serialised by {@code synchronized}.
 */
public final class PortQos {
    @SuppressWarnings("unchecked")
    private volatile Locked<IngressPolicer>[] ingress = new Locked[0];
    @SuppressWarnings("unchecked")
    private volatile Locked<EgressPolicer>[] egress = new Locked[0];

    /** Polices what port {@code portNo} receives with {@code p}; null: no ingress policing. */
    public synchronized void setIngress(int portNo, IngressPolicer p) {
        ingress = with(ingress, portNo, p == null || !p.active() ? null : new Locked<>(p));
    }

    /** Applies {@code p} to what port {@code portNo} transmits; null: none. */
    public synchronized void setEgress(int portNo, EgressPolicer p) {
        egress = with(egress, portNo, p == null ? null : new Locked<>(p));
    }

    /** Removes both policies of a port (it left the datapath). */
    public synchronized void clear(int portNo) {
        setIngress(portNo, null);
        setEgress(portNo, null);
    }

    /** The ingress policer of {@code portNo}, or null. */
    public Locked<IngressPolicer> ingress(int portNo) {
        final Locked<IngressPolicer>[] a = ingress;
        return portNo >= 0 && portNo < a.length ? a[portNo] : null;
    }

    /** The egress policy of {@code portNo}, or null. */
    public Locked<EgressPolicer> egress(int portNo) {
        final Locked<EgressPolicer>[] a = egress;
        return portNo >= 0 && portNo < a.length ? a[portNo] : null;
    }

    private static <T> Locked<T>[] with(Locked<T>[] a, int portNo, Locked<T> v) {
        if (portNo < 0) {
            throw new IllegalArgumentException("negative port number " + portNo);
        }
        if (v == null && portNo >= a.length) {
            return a;
        }
        Locked<T>[] n = Arrays.copyOf(a, Math.max(a.length, portNo + 1));
        n[portNo] = v;
        return n;
    }
}
