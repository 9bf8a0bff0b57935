package io.jvswitch.pcap.gen;

/** An IP layer that supplies the pseudo-header sum for upper-layer checksums (RFC 793, RFC 8200 8.1). */
interface IpHeader {
    /**
     * Ones-complement sum (not folded) of the pseudo-header for an upper-layer packet; {@code finalDestination}
     * replaces the destination address when a routing header names one (RFC 8200 8.1), else it is null.
     */
    long pseudoHeaderSum(int protocol, int upperLength, byte[] finalDestination);
}
