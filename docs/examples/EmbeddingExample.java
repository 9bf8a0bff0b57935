import io.jvswitch.api.PortSpec;
import io.jvswitch.api.VirtualSwitch;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * jvswitch embedded in an application: one bridge, an uplink trunk carrying VLANs 10 and 20, two VMs on
 * VLAN 10 and one on VLAN 20. The application injects frames into in-memory ports and reads what the switch
 * sends out of them. Run by control's EmbeddingExampleTest (which compiles this very file).
 */
public final class EmbeddingExample {
    public static void main(String[] args) throws Exception {
        // backoff(): the PMD shares its core with the application; leave it out to busy-spin a dedicated core.
        try (VirtualSwitch sw = VirtualSwitch.builder().backoff().build()) {
            sw.addBridge("br0");
            sw.addPort("br0", PortSpec.dummy("uplink").trunks(10, 20));
            sw.addPort("br0", PortSpec.dummy("vm1").access(10));
            sw.addPort("br0", PortSpec.dummy("vm2").access(10));
            sw.addPort("br0", PortSpec.dummy("vm3").access(20));
            sw.start();
            sw.awaitApplied(5, TimeUnit.SECONDS);

            // vm1 broadcasts (think ARP): flooded within VLAN 10 only — to vm2 untagged, to the uplink tagged.
            sw.inject("vm1", frame(0xffffffffffffL, 0x020000000001L));
            Thread.sleep(100);
            // vm2 answers vm1 (now learned): delivered to vm1 alone.
            sw.inject("vm2", frame(0x020000000001L, 0x020000000002L));
            Thread.sleep(200);

            for (String port : List.of("uplink", "vm1", "vm2", "vm3")) {
                List<byte[]> out = sw.drainTransmitted(port);
                System.out.println(port + " sent " + out.size() + " frame(s)"
                        + (out.isEmpty() ? "" : ", first " + out.get(0).length + " bytes"));
            }
            System.out.print(sw.fdbShow("br0"));
            System.out.println("vm1 counters: " + sw.counters("vm1"));
        }
    }

    /** A minimal untagged IPv4/UDP frame. */
    static byte[] frame(long dst, long src) {
        ByteBuffer b = ByteBuffer.allocate(60);
        b.putShort((short) (dst >>> 32)).putInt((int) dst).putShort((short) (src >>> 32)).putInt((int) src);
        b.putShort((short) 0x0800).put((byte) 0x45).put((byte) 0).putShort((short) 46).putInt(0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(0x0a000001).putInt(0x0a000002)
                .putShort((short) 1000).putShort((short) 2000).putShort((short) 26);
        return b.array();
    }
}
