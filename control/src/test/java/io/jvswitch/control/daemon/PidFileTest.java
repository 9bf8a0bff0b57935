package io.jvswitch.control.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The locked pidfile: holds our pid, refuses a second holder, takes over a stale file, is removed on close. */
class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void lockedWhileHeldStaleFileTakenOverRemovedOnClose() throws Exception {
        Path f = dir.resolve("jvswitch.pid");
        Files.writeString(f, "999999\n"); // left by a killed daemon: not locked
        try (PidFile p = PidFile.acquire(f)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(f));
            PidFile.HeldException e = assertThrows(PidFile.HeldException.class, () -> PidFile.acquire(f));
            assertEquals(ProcessHandle.current().pid(), e.pid());
        }
        assertFalse(Files.exists(f));
    }

    @Test
    void pidfileSitsBesideTheSocket() {
        assertEquals(Path.of("/x/jvswitch.pid"), RunDir.pidfileFor(Path.of("/x/jvswitch.ctl")));
        assertEquals(Path.of("/x/sock.pid"), RunDir.pidfileFor(Path.of("/x/sock")));
        assertEquals(Path.of("/abs.ctl"), RunDir.ctl(Path.of("/abs.ctl")));
    }
}
