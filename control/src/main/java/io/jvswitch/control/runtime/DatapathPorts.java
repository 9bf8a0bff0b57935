package io.jvswitch.control.runtime;

import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.dataplane.port.Mtu;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.vport.afpacket.AfPacketPort;
import io.jvswitch.vport.afxdp.AfXdpPort;
import io.jvswitch.vport.afxdp.AfXdpPortSettings;
import io.jvswitch.vport.afxdp.XdpMode;
import io.jvswitch.vport.dummy.DummyPort;
import io.jvswitch.vport.dummy.DummyPortSettings;
import io.jvswitch.vport.dummy.DummyTxMode;
import io.jvswitch.vport.pcap.PcapPort;
import io.jvswitch.vport.pcap.PcapPortSettings;
import io.jvswitch.vport.tap.TapPort;
import io.jvswitch.vport.tap.TapPortSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens the datapath port for an Interface row, by {@code type} (OVS's {@code dpif_netdev_port_open_type}).
 * Supported: {@code dummy} (in-memory, injectable; {@code options:tx=capture|sink}, {@code n_rxq},
 * {@code n_txq}), {@code afxdp} (AF_XDP sockets on the named host interface; {@code options:xdp-mode},
 * {@code options:n_rxq}), {@code system} (AF_XDP first; when AF_XDP cannot take the interface, an AF_PACKET
 * socket, with the reason logged), {@code afpacket} (always AF_PACKET), {@code tap} (a TAP device of that name,
 * created or attached, brought up), {@code internal} (the bridge's own TAP device, left down as OVS does;
 * {@code options:stand_in=true} asks for the in-memory stand-in instead), {@code pcap} ({@code options:rx_pcap}
 * or {@code rxq_pcap} replays a capture, {@code options:tx_pcap} records, {@code options:loop=true} replays
 * forever). A port that cannot be opened (unknown type, missing interface, no privilege) gets a clear error and
 * stays out of the datapath, as OVS does ({@code ofport=-1} and the Interface {@code error} column).
 * {@code mtu_request} is applied after open by {@link #applyMtu}, and again in place when only it changes.
 *
 * <p>Before a host device is opened, {@link #open(int, InterfaceConfig, Object)} checks what would otherwise
 * fail obscurely or silently: the interface must exist ("no such interface"), must not be attached already (by
 * another switch: {@link InterfaceClaims}; to a bridge, bond or OVS's kernel datapath; an XDP program on it), and
 * a refused system call (EPERM/EACCES) is reported as needing root.
 */
final class DatapathPorts {
    private static final System.Logger LOG = System.getLogger(DatapathPorts.class.getName());
    /** Types that attach an existing host interface. */
    private static final Set<String> EXISTING_DEVICE = Set.of("system", "afpacket", "afxdp");
    /** The message of every port that failed for lack of privilege. */
    static final String NEEDS_ROOT = "needs root (CAP_NET_ADMIN, CAP_NET_RAW, CAP_BPF)";

    private DatapathPorts() {
    }

    /**
     * Opens the port for {@code owner} (a runtime): the checks above, the interface claimed while the port is
     * open ({@link #release} after closing it), then {@link #open(int, InterfaceConfig)}.
     */
    static Port open(int odpPort, InterfaceConfig ic, Object owner) throws PortOpenException {
        String name = ic.name();
        String type = ic.type();
        boolean existing = EXISTING_DEVICE.contains(type);
        boolean host = existing || "tap".equals(type) || ("internal".equals(type)
                && !Boolean.parseBoolean(ic.options().getOrDefault("stand_in", "false")));
        if (existing && !LinkProbe.exists(name)) {
            throw new PortOpenException(name + ": no such interface (type " + type
                    + " attaches an existing network device; create it first)");
        }
        if (host) {
            boolean again = InterfaceClaims.holds(owner, name);
            try {
                InterfaceClaims.claim(owner, name);
            } catch (InterfaceClaims.TakenException e) {
                throw new PortOpenException(name + ": interface " + e.getMessage());
            }
            if (existing && !again) {
                String why = attachedElsewhere(name, type);
                if (why != null) {
                    InterfaceClaims.release(owner, name);
                    throw new PortOpenException(name + ": interface already attached: " + why);
                }
            }
        }
        try {
            return open(odpPort, ic);
        } catch (PortOpenException e) {
            if (host) {
                InterfaceClaims.release(owner, name);
            }
            String m = e.getMessage();
            if (m != null && (m.contains("EPERM") || m.contains("EACCES"))) {
                throw new PortOpenException(name + ": " + NEEDS_ROOT + ": " + m);
            }
            throw e;
        }
    }

    /** Ends {@code owner}'s claim on the port's interface (call after closing the port; no-op when none). */
    static void release(Object owner, Port port) {
        InterfaceClaims.release(owner, port.name());
    }

    /** Ends every claim of {@code owner} (it is closing). */
    static void releaseAll(Object owner) {
        InterfaceClaims.releaseAll(owner);
    }

    /**
     * Why the interface is in use elsewhere, or null. An XDP program already on it refuses {@code afxdp} only:
     * {@code system} then falls back to AF_PACKET (with the reason logged), and AF_PACKET works beside a program
     * that passes frames on.
     */
    private static String attachedElsewhere(String name, String type) {
        String master = LinkProbe.master(name);
        if (master != null) {
            return "it is a member of " + master + " (a Linux bridge, a bond, or Open vSwitch's kernel datapath "
                    + "'ovs-system'); remove it from there first";
        }
        String xdp = "afxdp".equals(type) ? LinkProbe.xdpProgram(name) : null;
        if (xdp != null) {
            return "an XDP program (" + xdp + ") runs on it (another jvswitch, Open vSwitch with type=afxdp, or "
                    + "another XDP user); detach it with 'ip link set dev " + name + " xdp off' or use another "
                    + "interface";
        }
        return null;
    }

    /** Opens the port or throws {@link PortOpenException} with the reason. */
    static Port open(int odpPort, InterfaceConfig ic) throws PortOpenException {
        String type = ic.type();
        try {
            return switch (type) {
                case "dummy" -> dummy(odpPort, ic);
                case "internal" -> Boolean.parseBoolean(ic.options().getOrDefault("stand_in", "false"))
                        ? dummy(odpPort, ic) : TapPort.openInternal(odpPort, ic.name(), tapSettings(ic));
                case "tap" -> TapPort.open(odpPort, ic.name(), tapSettings(ic).withUp(true));
                case "afxdp" -> AfXdpPort.open(odpPort, ic.name(), afxdpSettings(ic));
                case "system" -> system(odpPort, ic);
                case "afpacket" -> AfPacketPort.open(odpPort, ic.name());
                case "pcap" -> pcap(odpPort, ic);
                default -> throw new PortOpenException(ic.name() + ": interface type \"" + type
                        + "\" is not supported by this build yet (supported: dummy, afxdp, system, afpacket, "
                        + "tap, internal, pcap, patch)");
            };
        } catch (IOException | RuntimeException e) {
            throw new PortOpenException(ic.name() + ": " + e.getMessage());
        }
    }

    /** {@code system}: AF_XDP where it works, else AF_PACKET; the reason for falling back is logged. */
    private static Port system(int odpPort, InterfaceConfig ic) throws PortOpenException, IOException {
        AfXdpPortSettings s = afxdpSettings(ic);
        String why;
        try {
            return AfXdpPort.open(odpPort, ic.name(), s);
        } catch (IOException e) {
            why = e.getMessage();
        }
        Port p;
        try {
            p = AfPacketPort.open(odpPort, ic.name());
        } catch (IOException e) {
            throw why.contains("no such interface") ? e
                    : new IOException(e.getMessage() + " (AF_XDP did not work either: " + why + ")", e);
        }
        LOG.log(System.Logger.Level.WARNING, ic.name() + ": type system uses AF_PACKET, not AF_XDP: " + why);
        return p;
    }

    private static AfXdpPortSettings afxdpSettings(InterfaceConfig ic) throws PortOpenException {
        AfXdpPortSettings s = AfXdpPortSettings.defaults();
        try {
            s = s.withXdpMode(XdpMode.parse(ic.options().get("xdp-mode")));
            String n = ic.options().get("n_rxq");
            if (n != null) {
                s = s.withNRxq(Integer.parseInt(n));
            }
        } catch (IllegalArgumentException e) {
            throw new PortOpenException(ic.name() + ": " + e.getMessage());
        }
        return s;
    }

    private static Port dummy(int odpPort, InterfaceConfig ic) throws PortOpenException {
        String tx = ic.options().getOrDefault("tx", "capture");
        DummyTxMode mode = switch (tx) {
            case "capture" -> DummyTxMode.CAPTURE;
            case "sink" -> DummyTxMode.SINK;
            default -> throw new PortOpenException(ic.name() + ": options:tx must be capture or sink, not " + tx);
        };
        int rxq = queues(ic, "n_rxq");
        int txq = queues(ic, "n_txq");
        return new DummyPort(odpPort, ic.name(), DummyPortSettings.defaults().withTxMode(mode).withQueues(rxq, txq));
    }

    /** OVS dummy's {@code options:n_rxq} / {@code n_txq}: 1..64, default 1. */
    private static int queues(InterfaceConfig ic, String key) throws PortOpenException {
        String v = ic.options().getOrDefault(key, "1");
        if (!v.matches("[0-9]{1,2}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 64) {
            throw new PortOpenException(ic.name() + ": options:" + key + " must be 1..64, not " + v);
        }
        return Integer.parseInt(v);
    }

    private static Port pcap(int odpPort, InterfaceConfig ic) throws PortOpenException, IOException {
        String rx = ic.options().getOrDefault("rx_pcap", ic.options().get("rxq_pcap"));
        String tx = ic.options().get("tx_pcap");
        if (rx == null && tx == null) {
            throw new PortOpenException(ic.name() + ": a pcap interface needs options:rx_pcap or tx_pcap");
        }
        PcapPortSettings s = PcapPortSettings.of(rx != null ? Path.of(rx) : null, tx != null ? Path.of(tx)
                : null).withLoop(Boolean.parseBoolean(ic.options().getOrDefault("loop", "false")));
        return PcapPort.open(odpPort, ic.name(), s);
    }

    private static TapPortSettings tapSettings(InterfaceConfig ic) {
        TapPortSettings s = TapPortSettings.defaults();
        if (ic.mac() != null) {
            s = s.withMac(ic.mac());
        }
        return s;
    }

    // ------------------------------------------------------------------ MTU (issue 4: mtu_request)

    /**
     * Applies the interface's {@code mtu_request} to its open port, as OVS's {@code iface_set_netdev_mtu}: unset
     * leaves the MTU alone; a value the datapath cannot carry ({@code maxMtu}, set by the pool's frame size), a
     * port type without a settable MTU, or a device that refuses it gives an error message and leaves the port
     * open at its current MTU (OVS logs a warning and keeps the port). Returns null when applied.
     */
    static String applyMtu(Port port, InterfaceConfig ic, int maxMtu) {
        Integer want = ic.mtuRequest();
        if (want == null || port.mtu() == want) {
            return null;
        }
        String keeps = " (the port keeps MTU " + port.mtu() + ")";
        if (want > maxMtu) {
            return ic.name() + ": mtu_request " + want + " is more than this datapath carries: " + maxMtu
                    + " (its packet buffers hold " + (maxMtu + Mtu.L2_OVERHEAD + 1) + "-byte frames)" + keeps;
        }
        try {
            port.setMtu(want);
            return null;
        } catch (UnsupportedOperationException e) {
            return ic.name() + ": mtu_request " + want + " ignored: interface type \"" + ic.type()
                    + "\" has no settable MTU" + keeps;
        } catch (IOException | RuntimeException e) {
            return ic.name() + ": mtu_request " + want + " not applied: " + e.getMessage() + keeps;
        }
    }

    /** True when two configurations of one interface differ in {@code mtu_request} only (applied in place). */
    static boolean onlyMtuDiffers(InterfaceConfig a, InterfaceConfig b) {
        return !a.equals(b) && a.equals(new InterfaceConfig(b.name(), b.type(), b.options(), a.mtuRequest(),
                b.mac()));
    }

    /** Why a port could not be opened; the message is what the Interface error column would say. */
    static final class PortOpenException extends Exception {
        private static final long serialVersionUID = 1L;

        PortOpenException(String message) {
            super(message);
        }
    }
}
