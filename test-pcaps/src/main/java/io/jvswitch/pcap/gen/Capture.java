package io.jvswitch.pcap.gen;

import io.jvswitch.pcap.PcapRecord;
import io.jvswitch.pcap.PcapWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One capture file being built: frames with deterministic timestamps (a fixed start, 1 ms apart unless a
 * gap is given), written with {@link PcapWriter} so the bytes depend on nothing but the code.
 */
public final class Capture {
    /** 2024-01-01T00:00:00Z: every capture starts here. */
    static final long START_NANOS = 1_704_067_200L * 1_000_000_000L;
    private static final long DEFAULT_STEP_NANOS = 1_000_000L;

    private final String fileName;
    private final List<PcapRecord> records = new ArrayList<>();
    private long clockNanos = START_NANOS;

    Capture(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public List<PcapRecord> records() {
        return List.copyOf(records);
    }

    Capture add(Frame frame) {
        return add(frame.bytes());
    }

    Capture add(byte[] frame) {
        records.add(new PcapRecord(clockNanos, frame.length, frame));
        clockNanos += DEFAULT_STEP_NANOS;
        return this;
    }

    /** Moves the clock on by {@code micros} before the next frame (beyond the default step). */
    Capture gapMicros(long micros) {
        clockNanos += micros * 1000L;
        return this;
    }

    /** Writes {@code dir/fileName}, replacing it. */
    public Path write(Path dir) throws IOException {
        Path file = dir.resolve(fileName);
        try (PcapWriter w = new PcapWriter(Files.newOutputStream(file), PcapWriter.DEFAULT_SNAPLEN)) {
            for (PcapRecord r : records) {
                w.write(r.timestampNanos(), r.data());
            }
        }
        return file;
    }
}
