package io.jvswitch.pcap.gen;

/** The Internet checksum (RFC 1071): ones-complement sum of 16-bit big-endian words. */
final class Checksum {
    private Checksum() {
    }

    /** Adds {@code len} bytes of {@code b} from {@code off} to {@code sum} (odd tail padded with zero). */
    static long add(long sum, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds a sum and returns its complement, the value to store in a header. */
    static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** The checksum of {@code b[off..off+len)} with {@code pseudo} already summed. */
    static int of(long pseudo, byte[] b, int off, int len) {
        return finish(add(pseudo, b, off, len));
    }

    static void put(byte[] b, int at, int checksum) {
        b[at] = (byte) (checksum >>> 8);
        b[at + 1] = (byte) checksum;
    }
}
