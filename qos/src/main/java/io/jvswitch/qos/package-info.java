/**
 * QoS arithmetic: token buckets, the RFC 2697 / 2698 / 4115 three-colour markers, OVS's ingress policer and
 * egress policers, and OpenFlow-style meters — pure functions of packet lengths and a nanosecond clock.
 *
 * <h2>Design</h2>
 * Layer 0: depends on {@code java.base} only; the datapath ({@code dataplane}) calls it once per batch with
 * the batch's length column and gets back a bitmask of the packets that pass, so the per-packet work is one
 * compare and one subtract in a tight loop. Every class here is single-threaded (the datapath serialises
 * access to a policer that several PMDs share) and allocates nothing after construction.
 *
 * <h2>Units</h2>
 * A {@link io.jvswitch.qos.TokenBucket} counts in nano-units (10<sup>-9</sup> of a byte, bit or packet), so
 * refilling for {@code dt} nanoseconds at {@code r} units per second adds exactly {@code dt * r} — integer
 * arithmetic, no division on the fast path, and results a test can predict to the unit. Configuration keeps
 * OVS's units (kbps, kb, kpps, bytes/s for {@code egress-policer}); the conversions live in the classes that
 * take those settings.
 */
package io.jvswitch.qos;
