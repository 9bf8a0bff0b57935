package io.jvswitch.control.tools;

import io.jvswitch.dataplane.parse.PacketParser;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.OvsFlowFormat;
import io.jvswitch.pcap.PcapFormatException;
import io.jvswitch.pcap.PcapReader;
import io.jvswitch.pcap.PcapRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code parse-pcap FILE...}: prints the flow of every packet in libpcap captures, one line per packet, in
 * the text {@code ovs-ofctl parse-pcap} (Open vSwitch 3.1) prints, so the two can be diffed.
 *
 * <h2>Design</h2> Each record is copied into an off-heap scratch segment, parsed by {@link PacketParser}
 * with in_port {@link OvsFlowFormat#OFPP_ANY} (as {@code ovs-ofctl} does) and printed by
 * {@link OvsFlowFormat}. A runt frame, which the datapath drops, prints as OVS prints it: the empty flow.
 * Reading follows OVS's {@code lib/pcap-file.c}: link types Ethernet (1) and Linux cooked (113, turned into
 * Ethernet with a zero destination), records of at most 65535 bytes; a zero-length record ends the file
 * (OVS reads it as end of file).
 * Errors are reported as {@code ovs-ofctl} does, {@code parse-pcap: FILE: open failed (reason)} or
 * {@code ... read failed (reason)}, and the run goes on with the next file; the exit code is the errno of
 * the last failure (ENOENT 2, EACCES 13, EIO 5, EPROTO 71), 0 when every file was read.
 * One deviation: a capture cut off inside a record is an error here (EPROTO); OVS stops silently.
 *
 * <h2>Thread-safety</h2> Stateless; each call owns its scratch memory.
 */
public final class ParsePcap {
    /** Largest record OVS's pcap reader accepts. */
    public static final int MAX_PACKET = 0xffff;
    static final int LINKTYPE_LINUX_SLL = 113;
    private static final int SLL_HEADER_LEN = 16;
    private static final int ENOENT = 2;
    private static final int EIO = 5;
    private static final int EACCES = 13;
    private static final int EPROTO = 71;

    private ParsePcap() {
    }

    /** Prints the flows of every packet in {@code files} to {@code out}; returns the exit code. */
    public static int run(List<Path> files, PrintStream out, PrintStream err) {
        int exit = 0;
        long[] key = new long[FlowKey.KEY_WORDS];
        StringBuilder line = new StringBuilder(512);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(MAX_PACKET + SLL_HEADER_LEN, 64);
            for (Path file : files) {
                int rc = parseFile(file, scratch, key, line, out, err);
                if (rc != 0) {
                    exit = rc;
                }
            }
        }
        out.flush();
        return exit;
    }

    private static int parseFile(Path file, MemorySegment scratch, long[] key, StringBuilder line, PrintStream out,
            PrintStream err) {
        PcapReader reader;
        try {
            reader = PcapReader.open(file);
        } catch (IOException e) {
            return fail(err, file, "open", e);
        }
        try (reader) {
            int link = reader.linkType();
            if (link != PcapReader.LINKTYPE_ETHERNET && link != LINKTYPE_LINUX_SLL) {
                err.println("parse-pcap: " + file + ": open failed (unknown link type " + link + ")");
                return EPROTO;
            }
            for (PcapRecord r; (r = reader.next()) != null;) {
                byte[] data = r.data();
                if (data.length == 0) {
                    err.println("parse-pcap: " + file + ": zero-length record read as end of file, as OVS does");
                    break;
                }
                if (data.length > MAX_PACKET) {
                    err.println("parse-pcap: " + file + ": read failed (bad packet length " + data.length + ")");
                    return EPROTO;
                }
                int len = link == LINKTYPE_LINUX_SLL ? fromLinuxSll(data, scratch) : copy(data, scratch);
                if (len < 0) {
                    err.println("parse-pcap: " + file + ": read failed (bad Linux cooked (SLL) header)");
                    return EPROTO;
                }
                PacketParser.parse(scratch, 0, len, key, 0);   // a runt leaves the key cleared, as OVS prints it
                FlowKey.setInPort(key, 0, OvsFlowFormat.OFPP_ANY);
                line.setLength(0);
                OvsFlowFormat.format(key, 0, line);
                out.append(line).append('\n');
            }
            return 0;
        } catch (IOException e) {
            return fail(err, file, "read", e);
        }
    }

    private static int copy(byte[] data, MemorySegment scratch) {
        MemorySegment.copy(data, 0, scratch, ValueLayout.JAVA_BYTE, 0, data.length);
        return data.length;
    }

    /**
     * Linux cooked capture: packet type(16) arphrd(16) lla len(16) lla(64) protocol(16), then the payload.
     * Rebuilt as Ethernet: zero destination, the link-layer address as source, the protocol as type.
     */
    private static int fromLinuxSll(byte[] data, MemorySegment scratch) {
        if (data.length < SLL_HEADER_LEN || data[4] != 0 || data[5] != 6) {
            return -1;
        }
        scratch.asSlice(0, 6).fill((byte) 0);
        MemorySegment.copy(data, 6, scratch, ValueLayout.JAVA_BYTE, 6, 6);
        MemorySegment.copy(data, 14, scratch, ValueLayout.JAVA_BYTE, 12, 2);
        MemorySegment.copy(data, SLL_HEADER_LEN, scratch, ValueLayout.JAVA_BYTE, 14, data.length - SLL_HEADER_LEN);
        return data.length - SLL_HEADER_LEN + 14;
    }

    private static int fail(PrintStream err, Path file, String what, IOException e) {
        int code;
        String reason;
        if (e instanceof NoSuchFileException) {
            code = ENOENT;
            reason = "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            code = EACCES;
            reason = "Permission denied";
        } else if (e instanceof PcapFormatException) {
            code = EPROTO;
            reason = e.getMessage();
        } else {
            code = EIO;
            reason = e.toString();
        }
        err.println("parse-pcap: " + file + ": " + what + " failed (" + reason + ")");
        return code;
    }
}
