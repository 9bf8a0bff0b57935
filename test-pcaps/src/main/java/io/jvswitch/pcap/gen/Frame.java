package io.jvswitch.pcap.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A frame as a stack of {@link Layer}s, outermost first, e.g.
 * {@code Frame.of(Ethernet.of(dst, src), Ipv4.of(a, b), Tcp.of(1234, 80).flags(Tcp.SYN)).bytes()}.
 * Lengths, type fields and checksums are filled in unless a layer overrides them; {@link #truncate} cuts the
 * encoded frame (a malformed frame, not a short capture) and {@link #pad} pads it to a minimum size.
 */
public final class Frame {
    private final List<Layer> layers = new ArrayList<>();
    private int truncateTo = -1;
    private int padTo;

    public static Frame of(Layer... layers) {
        Frame f = new Frame();
        f.layers.addAll(List.of(layers));
        return f;
    }

    public Frame add(Layer layer) {
        layers.add(layer);
        return this;
    }

    /** Cuts the encoded frame to {@code length} bytes. */
    public Frame truncate(int length) {
        truncateTo = length;
        return this;
    }

    /** Pads the encoded frame with zeros to at least {@code length} bytes (60: the Ethernet minimum). */
    public Frame pad(int length) {
        padTo = length;
        return this;
    }

    public byte[] bytes() {
        byte[] cur = new byte[0];
        for (int i = layers.size() - 1; i >= 0; i--) {
            cur = layers.get(i).encode(cur, this, i);
        }
        if (cur.length < padTo) {
            cur = Arrays.copyOf(cur, padTo);
        }
        if (truncateTo >= 0 && truncateTo < cur.length) {
            cur = Arrays.copyOf(cur, truncateTo);
        }
        return cur;
    }

    Layer next(int index) {
        return index + 1 < layers.size() ? layers.get(index + 1) : null;
    }

    /** Pseudo-header sum from the nearest IP layer before {@code index}, or 0 when there is none. */
    long pseudoHeaderSum(int index, int protocol, int upperLength) {
        byte[] finalDestination = null;
        for (int i = index - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            if (l instanceof Ipv6Ext ext && ext.finalDestination() != null) {
                finalDestination = ext.finalDestination();
            }
            if (l instanceof IpHeader ip) {
                return ip.pseudoHeaderSum(protocol, upperLength, finalDestination);
            }
        }
        return 0;
    }

    static byte[] concat(byte[] head, byte[] tail) {
        byte[] b = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, b, head.length, tail.length);
        return b;
    }
}
