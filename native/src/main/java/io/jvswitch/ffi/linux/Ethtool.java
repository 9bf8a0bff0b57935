package io.jvswitch.ffi.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * The ethtool ioctl ({@code <linux/ethtool.h>}, {@code <linux/sockios.h>}): {@code ioctl(sock, SIOCETHTOOL, ifreq)}
 * with {@code ifreq.ifr_data} (see {@link IfReq#OFF_IFR_DATA}) pointing at a command struct whose first
 * {@code __u32} is the command. Bound: {@code ETHTOOL_GDRVINFO} and its {@code struct ethtool_drvinfo} (driver
 * name, version, firmware version, bus info: what {@code ethtool -i} prints and ovs-vswitchd writes to
 * {@code Interface.status}).
 *
 * <p>Design: layout only; the caller owns the socket (any {@code AF_INET}/{@code SOCK_DGRAM} one) and the
 * memory, and reads the fixed-size NUL-terminated strings with {@link #string}.
 */
public final class Ethtool {
    public static final int SIOCETHTOOL = 0x8946;
    public static final int ETHTOOL_GDRVINFO = 0x00000003;
    public static final int ETHTOOL_FWVERS_LEN = 32;
    public static final int ETHTOOL_BUSINFO_LEN = 32;
    public static final int ETHTOOL_EROMVERS_LEN = 32;

    public static final StructLayout ETHTOOL_DRVINFO = MemoryLayout.structLayout(
        JAVA_INT.withName("cmd"),
        MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("driver"),
        MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("version"),
        MemoryLayout.sequenceLayout(ETHTOOL_FWVERS_LEN, JAVA_BYTE).withName("fw_version"),
        MemoryLayout.sequenceLayout(ETHTOOL_BUSINFO_LEN, JAVA_BYTE).withName("bus_info"),
        MemoryLayout.sequenceLayout(ETHTOOL_EROMVERS_LEN, JAVA_BYTE).withName("erom_version"),
        MemoryLayout.sequenceLayout(12, JAVA_BYTE).withName("reserved2"),
        JAVA_INT.withName("n_priv_flags"),
        JAVA_INT.withName("n_stats"),
        JAVA_INT.withName("testinfo_len"),
        JAVA_INT.withName("eedump_len"),
        JAVA_INT.withName("regdump_len")).withName("ethtool_drvinfo");
    public static final long SIZEOF_ETHTOOL_DRVINFO = ETHTOOL_DRVINFO.byteSize();
    public static final long OFF_DRVINFO_CMD = Layouts.offset(ETHTOOL_DRVINFO, "cmd");
    public static final long OFF_DRVINFO_DRIVER = Layouts.offset(ETHTOOL_DRVINFO, "driver");
    public static final long OFF_DRVINFO_VERSION = Layouts.offset(ETHTOOL_DRVINFO, "version");
    public static final long OFF_DRVINFO_FW_VERSION = Layouts.offset(ETHTOOL_DRVINFO, "fw_version");
    public static final long OFF_DRVINFO_BUS_INFO = Layouts.offset(ETHTOOL_DRVINFO, "bus_info");
    public static final long OFF_DRVINFO_N_STATS = Layouts.offset(ETHTOOL_DRVINFO, "n_stats");

    private Ethtool() {
    }

    /** The NUL-terminated string in the {@code len}-byte field at {@code offset} (a full field has no NUL). */
    public static String string(MemorySegment s, long offset, int len) {
        byte[] b = s.asSlice(offset, len).toArray(JAVA_BYTE);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }
}
