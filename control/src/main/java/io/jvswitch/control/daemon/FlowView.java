package io.jvswitch.control.daemon;

/**
 * One installed datapath flow (megaflow) as {@code ovs-appctl dpctl/dump-flows} shows it.
 *
 * @param id         the flow's id (OVS: ufid)
 * @param pmdId      the PMD that owns it
 * @param core       that PMD's core, or -1 when the PMD is gone
 * @param maskedKey  the masked key ({@code FlowKey} layout); not to be modified
 * @param mask       the mask words ({@code FlowKey} layout); not to be modified
 * @param actions    the encoded datapath actions ({@code Actions})
 * @param packets    packets that hit it
 * @param bytes      bytes that hit it
 * @param idleNanos  time since its last hit, or -1 when never hit
 * @param tcpFlags   TCP flags seen (OR of all hits)
 */
public record FlowView(long id, int pmdId, int core, long[] maskedKey, long[] mask, int[] actions, long packets,
                       long bytes, long idleNanos, int tcpFlags) {
}
