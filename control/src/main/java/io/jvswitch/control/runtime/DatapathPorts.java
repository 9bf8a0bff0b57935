package io.jvswitch.control.runtime;

import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.vport.dummy.DummyPort;
import io.jvswitch.vport.dummy.DummyPortSettings;
import io.jvswitch.vport.dummy.DummyTxMode;
import io.jvswitch.vport.pcap.PcapPort;
import io.jvswitch.vport.pcap.PcapPortSettings;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the datapath port for an Interface row, by {@code type} (OVS's {@code dpif_netdev_port_open_type}).
 * Supported today: {@code dummy} (in-memory, injectable; {@code options:tx=capture|sink}), {@code internal}
 * (an in-memory stand-in until the TAP port exists), {@code pcap} ({@code options:rx_pcap} or
 * {@code rxq_pcap} replays a capture, {@code options:tx_pcap} records, {@code options:loop=true} replays
 * forever). Other types get a clear error and the interface stays out of the datapath, as OVS does with a
 * port it cannot open ({@code ofport=-1} and the Interface {@code error} column).
 */
final class DatapathPorts {
    private DatapathPorts() {
    }

    /** Opens the port or throws {@link PortOpenException} with the reason. */
    static Port open(int odpPort, InterfaceConfig ic) throws PortOpenException {
        String type = ic.type();
        switch (type) {
            case "dummy", "internal" -> {
                String tx = ic.options().getOrDefault("tx", "capture");
                DummyTxMode mode = switch (tx) {
                    case "capture" -> DummyTxMode.CAPTURE;
                    case "sink" -> DummyTxMode.SINK;
                    default -> throw new PortOpenException(ic.name() + ": options:tx must be capture or sink, not "
                            + tx);
                };
                return new DummyPort(odpPort, ic.name(), DummyPortSettings.defaults().withTxMode(mode));
            }
            case "pcap" -> {
                String rx = ic.options().getOrDefault("rx_pcap", ic.options().get("rxq_pcap"));
                String tx = ic.options().get("tx_pcap");
                if (rx == null && tx == null) {
                    throw new PortOpenException(ic.name() + ": a pcap interface needs options:rx_pcap or tx_pcap");
                }
                PcapPortSettings s = PcapPortSettings.of(rx != null ? Path.of(rx) : null, tx != null ? Path.of(tx)
                        : null).withLoop(Boolean.parseBoolean(ic.options().getOrDefault("loop", "false")));
                try {
                    return PcapPort.open(odpPort, ic.name(), s);
                } catch (IOException | RuntimeException e) {
                    throw new PortOpenException(ic.name() + ": " + e.getMessage());
                }
            }
            default -> throw new PortOpenException(ic.name() + ": interface type \"" + type
                    + "\" is not supported by this build yet (supported: dummy, internal, pcap, patch)");
        }
    }

    /** Why a port could not be opened; the message is what the Interface error column would say. */
    static final class PortOpenException extends Exception {
        private static final long serialVersionUID = 1L;

        PortOpenException(String message) {
            super(message);
        }
    }
}
