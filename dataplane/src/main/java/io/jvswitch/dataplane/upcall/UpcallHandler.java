package io.jvswitch.dataplane.upcall;

import io.jvswitch.flowcache.Megaflow;

import java.lang.foreign.MemorySegment;

/**
 * The upcall SPI: what the datapath asks when a packet misses every cache (OVS: {@code dp_netdev_upcall} →
 * ofproto's xlate). The control module implements it; tests and benchmarks use {@link PortForwardingUpcall}.
 *
 * <h2>Contract</h2>
 * Called on the PMD thread, inline, under the PMD's upcall budget (see {@code PmdConfig}): it must not
 * block and should be quick (microseconds). It may allocate (this is the slow path). It returns the megaflow
 * to install — its mask says which future packets it covers and must include the in_port bits — and the
 * PMD applies the megaflow's actions to this packet; or {@code null} to drop the packet without installing
 * anything (counted as {@code UPCALL_ERROR}). It must not throw; a throw is caught, counted as
 * {@code UPCALL_ERROR}, and the packet dropped.
 */
public interface UpcallHandler {
    /**
     * @param pmdId   the calling PMD
     * @param keys    the parsed key array; the packet's key is at {@code keyBase} (in_port set)
     * @param packet  packet memory; the packet is {@code [address, address + length)}; read-only
     * @param nowNanos the PMD's clock
     */
    Megaflow upcall(int pmdId, long[] keys, int keyBase, MemorySegment packet, long address, int length,
                    long nowNanos);
}
