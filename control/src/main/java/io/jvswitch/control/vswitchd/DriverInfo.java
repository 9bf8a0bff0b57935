package io.jvswitch.control.vswitchd;

import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.linux.Ethtool;
import io.jvswitch.ffi.linux.IfReq;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A network device's driver as {@code ETHTOOL_GDRVINFO} reports it (what {@code ethtool -i} prints): the source of
 * OVS's {@code Interface.status} keys {@code driver_name}, {@code driver_version} and {@code firmware_version}
 * ({@code lib/netdev-linux.c netdev_linux_get_status}). Read in this process's network namespace, on a throw-away
 * {@code AF_INET}/{@code SOCK_DGRAM} socket. Control path only.
 *
 * @param driver          {@code driver} (e.g. "veth", "tun", "ixgbe")
 * @param version         {@code version} ("1.0" for veth; may be empty)
 * @param firmwareVersion {@code fw_version} (often empty)
 */
record DriverInfo(String driver, String version, String firmwareVersion) {
    /** The device's driver info, or null when there is no such device or its driver does not say. */
    static DriverInfo of(String ifname) {
        if (ifname.isEmpty() || ifname.length() >= IfReq.IFNAMSIZ) {
            return null;
        }
        int sock = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (sock < 0) {
            return null;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment drv = a.allocate(Ethtool.ETHTOOL_DRVINFO);
            drv.set(ValueLayout.JAVA_INT, Ethtool.OFF_DRVINFO_CMD, Ethtool.ETHTOOL_GDRVINFO);
            MemorySegment ifr = a.allocate(IfReq.IFREQ);
            IfReq.setName(ifr, ifname);
            ifr.set(ValueLayout.ADDRESS, IfReq.OFF_IFR_DATA, drv);
            if (LibC.ioctl(sock, Ethtool.SIOCETHTOOL, ifr) < 0) {
                return null;
            }
            return new DriverInfo(Ethtool.string(drv, Ethtool.OFF_DRVINFO_DRIVER, 32),
                    Ethtool.string(drv, Ethtool.OFF_DRVINFO_VERSION, 32),
                    Ethtool.string(drv, Ethtool.OFF_DRVINFO_FW_VERSION, Ethtool.ETHTOOL_FWVERS_LEN));
        } finally {
            LibC.close(sock);
        }
    }
}
