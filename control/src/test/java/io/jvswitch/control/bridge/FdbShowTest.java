package io.jvswitch.control.bridge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FdbShowTest {
    @Test
    void formatsLikeOvs31() {
        String text = FdbShow.format(List.of(
                new MacEntry(3, 0, 0x505400000001L, 1, false),
                new MacEntry(1, 0, 0x505400000002L, 1, false),
                new MacEntry(4, 10, 0x505400000003L, 1, false),
                new MacEntry(65534, 4095, 0x0a0b0c0d0e0fL, 299, false),
                new MacEntry(12345, 7, 0xaabbccddeeffL, 0, true)));
        assertEquals(" port  VLAN  MAC                Age\n"
                + "    3     0  50:54:00:00:00:01    1\n"
                + "    1     0  50:54:00:00:00:02    1\n"
                + "    4    10  50:54:00:00:00:03    1\n"
                + "LOCAL  4095  0a:0b:0c:0d:0e:0f  299\n"
                + "12345     7  aa:bb:cc:dd:ee:ff  static\n", text);
    }

    @Test
    void emptyTableIsTheHeaderOnly() {
        assertEquals(" port  VLAN  MAC                Age\n", FdbShow.format(List.of()));
    }
}
