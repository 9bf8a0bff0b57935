package io.jvswitch.pcap;

import java.io.IOException;

/** A libpcap file that is not one, or is cut off mid-record. The message names the file offset. */
public final class PcapFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public PcapFormatException(String message) {
        super(message);
    }
}
