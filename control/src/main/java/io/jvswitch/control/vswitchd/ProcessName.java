package io.jvswitch.control.vswitchd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renames the process as {@code /proc/PID/comm} shows it. {@code ovs-ctl} and {@code ovs-lib} decide whether
 * {@code ovs-vswitchd} runs by comparing that name with {@code ovs-vswitchd}; a JVM is called {@code java}.
 * Writing {@code /proc/self/comm} renames the thread-group leader — the thread whose name {@code /proc/PID/comm}
 * shows — which the kernel allows for any thread of the same process ({@code prctl(PR_SET_NAME)} would rename only
 * the calling thread, which in a JVM is never the leader).
 */
public final class ProcessName {
    /** The kernel keeps 15 characters and a NUL. */
    static final int MAX = 15;

    private ProcessName() {
    }

    /**
     * Sets the process name.
     *
     * @throws IOException when {@code /proc/self/comm} cannot be written
     */
    public static void set(String name) throws IOException {
        String n = name.length() > MAX ? name.substring(0, MAX) : name;
        Files.writeString(Path.of("/proc/self/comm"), n, StandardCharsets.US_ASCII);
    }

    /** The process name now ({@code /proc/self/comm}). */
    public static String get() throws IOException {
        return Files.readString(Path.of("/proc/self/comm"), StandardCharsets.US_ASCII).strip();
    }
}
