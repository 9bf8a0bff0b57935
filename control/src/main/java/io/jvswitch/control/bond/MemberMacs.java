package io.jvswitch.control.bond;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A bond member's Ethernet address: the kernel device's ({@code /sys/class/net/NAME/address}, in the daemon's
 * namespace), or, for ports with no device (dummy), a locally administered address derived from the name.
 */
final class MemberMacs {
    private MemberMacs() {
    }

    static long of(String name) {
        try {
            String a = Files.readString(Path.of("/sys/class/net", name, "address"), StandardCharsets.US_ASCII).strip();
            if (a.matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")) {
                return Long.parseLong(a.replace(":", ""), 16);
            }
        } catch (IOException | RuntimeException e) {
            // no such device: derived below
        }
        return derived(name);
    }

    /** 02:4a:56 ("JV") and 24 bits of the name's CRC. */
    static long derived(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return 0x02_4a_56_00_00_00L | (crc.getValue() & 0xff_ff_ffL);
    }

    /** Whether {@code name} is a kernel device here (its carrier comes from netlink; else it is always up). */
    static boolean isDevice(String name) {
        return Files.isDirectory(Path.of("/sys/class/net", name));
    }
}
