package io.jvswitch.control.vswitchd;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A bridge's {@code datapath_id} as ovs-vswitchd writes it: {@code other_config:datapath-id} when that is 16 hex
 * digits, else 16 hex digits whose low 48 bits are a MAC: {@code other_config:hwaddr} when set, else a locally
 * administered MAC derived from the bridge's name (stable across restarts, as OVS's is when the bridge's MAC is).
 */
public final class DatapathId {
    private DatapathId() {
    }

    public static String of(String bridge, Map<String, String> otherConfig) {
        String dpid = otherConfig.get("datapath-id");
        if (dpid != null && dpid.matches("(0x)?[0-9a-fA-F]{16}")) {
            return dpid.substring(dpid.length() - 16).toLowerCase(Locale.ROOT);
        }
        String hw = otherConfig.get("hwaddr");
        if (hw != null && hw.matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")) {
            return "0000" + hw.replace(":", "").toLowerCase(Locale.ROOT);
        }
        CRC32 crc = new CRC32();
        crc.update(bridge.getBytes(StandardCharsets.UTF_8));
        long mac = 0x0200_0000_0000L | (0x4a56L << 32) | crc.getValue();   // 02:xx "JV" + CRC of the name
        mac &= 0xfeff_ffff_ffffL;                                            // unicast
        return String.format("%016x", mac);
    }
}
