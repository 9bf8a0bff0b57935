package io.jvswitch.control.runtime;

/** One datapath port's counters at a moment ({@code ovs-appctl dpctl/show -s}). */
public record PortSnapshot(int portNo, String name, String type, int rxQueues, int txQueues, long rxPackets,
                           long rxBytes, long rxDropped, long txPackets, long txBytes, long txDropped) {
}
