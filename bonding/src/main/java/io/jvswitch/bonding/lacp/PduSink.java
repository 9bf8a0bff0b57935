package io.jvswitch.bonding.lacp;

/** Where {@link Lacp#run} puts the PDUs that are due: a complete 124-byte Ethernet frame for {@code member}. */
@FunctionalInterface
public interface PduSink {
    void send(String member, byte[] frame);
}
