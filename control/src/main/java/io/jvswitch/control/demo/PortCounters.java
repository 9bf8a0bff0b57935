package io.jvswitch.control.demo;

import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;

/** A snapshot of one port's counters. */
public record PortCounters(int portNo, String name, String type, long rxPackets, long rxBytes, long txPackets,
                           long txBytes, long rxDropped, long txDropped) {
    public static PortCounters of(Port p) {
        PortStats s = p.stats();
        return new PortCounters(p.portNo(), p.name(), p.type(), s.rxPackets(), s.rxBytes(), s.txPackets(),
                s.txBytes(), s.rxDropped(), s.txDropped());
    }
}
