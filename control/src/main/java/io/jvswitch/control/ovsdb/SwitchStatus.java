package io.jvswitch.control.ovsdb;

import java.util.Map;

/**
 * What the switch reports back to the database after applying a configuration (input of {@code WriteBack}).
 *
 * @param interfaces by interface name: every interface of the applied configuration
 * @param datapathIds by bridge name: the bridge's {@code datapath_id} (16 lowercase hex digits)
 */
public record SwitchStatus(Map<String, InterfaceStatus> interfaces, Map<String, String> datapathIds) {
    public SwitchStatus {
        interfaces = Map.copyOf(interfaces);
        datapathIds = Map.copyOf(datapathIds);
    }

    /**
     * One interface's state, as ovs-vswitchd writes it.
     *
     * @param ofport     OpenFlow port number, or -1 when the interface could not be added
     * @param error      why it could not be added (null when it was)
     * @param adminState "up"/"down", or null when unknown (not written)
     * @param linkState  "up"/"down", or null when unknown
     * @param linkSpeed  bits per second, or null when unknown
     * @param mtu        the device's MTU, or null when unknown
     * @param macInUse   "xx:xx:xx:xx:xx:xx", or null when unknown
     * @param ifindex    the kernel's ifindex, 0 when none (dummy ports), null when unknown
     * @param statistics counters by OVS's key names (rx_packets, tx_bytes, ...); empty when none
     * @param status     the {@code status} column (driver_name, driver_version, ...; see {@code StatusCollector}),
     *                   or null when unknown (not written); an empty map is written as the empty map
     */
    public record InterfaceStatus(int ofport, String error, String adminState, String linkState, Long linkSpeed,
                                  Integer mtu, String macInUse, Integer ifindex, Map<String, Long> statistics,
                                  Map<String, String> status) {
        public InterfaceStatus {
            statistics = statistics == null ? Map.of() : Map.copyOf(statistics);
            status = status == null ? null : Map.copyOf(status);
        }

        /** An interface whose {@code status} column is not known (left as it is). */
        public InterfaceStatus(int ofport, String error, String adminState, String linkState, Long linkSpeed,
                               Integer mtu, String macInUse, Integer ifindex, Map<String, Long> statistics) {
            this(ofport, error, adminState, linkState, linkSpeed, mtu, macInUse, ifindex, statistics, null);
        }

        /** This state with {@code status} as the {@code status} column. */
        public InterfaceStatus withStatus(Map<String, String> s) {
            return new InterfaceStatus(ofport, error, adminState, linkState, linkSpeed, mtu, macInUse, ifindex,
                    statistics, s);
        }

        /** An interface that could not be added: {@code ofport=-1} and the reason. */
        public static InterfaceStatus failed(String error) {
            return new InterfaceStatus(-1, error, null, null, null, null, null, null, Map.of());
        }
    }
}
