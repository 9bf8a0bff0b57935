package io.jvswitch.pcap.gen;

/**
 * One protocol header in a {@link Frame}. A frame is encoded from the innermost layer outwards, so each layer
 * sees its payload's bytes (for lengths and checksums) and the next layer (for type fields).
 */
public abstract class Layer {
    /** The Ethernet type that announces this layer, or -1 when it has none. */
    int etherType() {
        return -1;
    }

    /** The IP protocol / IPv6 next-header number that announces this layer, or -1 when it has none. */
    int ipProto() {
        return -1;
    }

    /** True for LLC-framed layers: the Ethernet type field before them carries a length (IEEE 802.3). */
    boolean lengthFramed() {
        return false;
    }

    /** Encodes this header followed by {@code inner} (the already encoded layers after it). */
    abstract byte[] encode(byte[] inner, Frame frame, int index);

    /**
     * The value of a type field that announces {@code next}: {@code explicit} when set, the payload length
     * before an LLC layer, the next layer's Ethernet type, or 0x88b5 (local experimental) with no next layer.
     */
    static int typeField(int explicit, Layer next, int innerLength) {
        if (explicit >= 0) {
            return explicit;
        }
        if (next == null) {
            return 0x88b5;
        }
        if (next.lengthFramed()) {
            return innerLength;
        }
        int t = next.etherType();
        if (t < 0) {
            throw new IllegalStateException(next.getClass().getSimpleName() + " has no Ethernet type; set one");
        }
        return t;
    }

    /** The IP protocol number that announces {@code next}: {@code explicit}, its own, or {@code none}. */
    static int protoField(int explicit, Layer next, int none) {
        if (explicit >= 0) {
            return explicit;
        }
        if (next == null || next.ipProto() < 0) {
            return none;
        }
        return next.ipProto();
    }
}
