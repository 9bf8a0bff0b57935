package io.jvswitch.control.ovsdb;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OvsdbRemoteTest {
    @Test
    void parsesUnixTcpAndBracketedIpv6() {
        OvsdbRemote unix = OvsdbRemote.parse("unix:/run/openvswitch/db.sock");
        assertEquals("/run/openvswitch/db.sock", unix.unixPath());
        assertEquals(UnixDomainSocketAddress.of("/run/openvswitch/db.sock"), unix.address());
        assertEquals("unix:/run/openvswitch/db.sock", unix.toString());

        OvsdbRemote tcp = OvsdbRemote.parse("tcp:127.0.0.1:6640");
        assertEquals("127.0.0.1", tcp.host());
        assertEquals(6640, tcp.port());
        assertEquals(6640, ((InetSocketAddress) tcp.address()).getPort());
        assertEquals("tcp:127.0.0.1:6640", tcp.toString());

        assertEquals("ovsdb.example", OvsdbRemote.parse("tcp:ovsdb.example:6641").host());
        OvsdbRemote v6 = OvsdbRemote.parse("tcp:[::1]:6640");
        assertEquals("::1", v6.host());
        assertEquals("tcp:[::1]:6640", v6.toString());
    }

    @Test
    void rejectsWhatIsNotSupportedNamingWhatIs() {
        for (String bad : new String[] {"ssl:1.2.3.4:6640", "punix:/x", "ptcp:6640", "/run/db.sock", "unix:"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OvsdbRemote.parse(bad));
            assertTrue(e.getMessage().contains("unix:PATH"), e.getMessage());
        }
        for (String bad : new String[] {"tcp:1.2.3.4", "tcp:1.2.3.4:x", "tcp::6640", "tcp:h:0", "tcp:[::1]6640",
            "tcp:::1:6640"}) {
            assertThrows(IllegalArgumentException.class, () -> OvsdbRemote.parse(bad), bad);
        }
    }
}
