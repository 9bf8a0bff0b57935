package io.jvswitch.control.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** This process's threads as the kernel sees them: /proc/self/task/TID/comm and status (what benchmarks read). */
final class ProcTasks {
    private ProcTasks() {
    }

    /** Thread name (comm) → its status file, for every live thread whose name starts with {@code prefix}. */
    static Map<String, Path> byName(String prefix) {
        Map<String, Path> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    if (comm.startsWith(prefix)) {
                        out.put(comm, t.resolve("status"));
                    }
                } catch (IOException gone) {
                    // the thread ended while we listed
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Set<String> threadNames(String prefix) {
        return new HashSet<>(byName(prefix).keySet());
    }

    /** The {@code Cpus_allowed_list} line of a task's status file ("3", "0-1"...). */
    static String cpusAllowed(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).strip();
            }
        }
        throw new IOException("no Cpus_allowed_list in " + status);
    }
}
