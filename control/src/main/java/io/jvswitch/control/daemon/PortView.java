package io.jvswitch.control.daemon;

import java.util.Map;

/**
 * One interface of the running switch, as {@code ports} and {@code stats} show it.
 *
 * @param portNo   datapath port number, or -1 when the interface could not be opened
 * @param mode     how the port moves frames when the type has variants (e.g. {@code tpacket_v3}, or an AF_XDP
 *                 port's native/generic and zero-copy/copy), or null when not known
 * @param rxQueues rx queue count (0 when not open)
 * @param mtu      the device MTU, or -1 for in-memory ports and unknown
 * @param state    the device's operational state ({@code up}, {@code down}, ...); {@code up} for in-memory ports;
 *                 {@code error} when not open
 * @param error    why the interface is not open, or null
 * @param kernel   the kernel's own counters for the port where it keeps some (AF_XDP: {@code XDP_STATISTICS}),
 *                 in order; empty otherwise
 */
public record PortView(int portNo, String name, String type, String mode, int rxQueues, int txQueues, int mtu,
                       String state, String error, long rxPackets, long rxBytes, long rxDropped, long txPackets,
                       long txBytes, long txDropped, Map<String, Long> kernel) {
    public boolean isOpen() {
        return portNo >= 0;
    }
}
