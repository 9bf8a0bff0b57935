package io.jvswitch.control.runtime;

import io.jvswitch.control.daemon.RunDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Which switch has attached which host interface, so that two switches never share one.
 *
 * <p>Across processes: a lock file {@code <rundir>/iface/NAME.lock} ({@link RunDir}) holding the owner's pid,
 * {@code fcntl}-locked while the port is open (the lock dies with the process, even on SIGKILL; a stale file is
 * taken over). Within one JVM: a table of holders, so a second {@code SwitchRuntime} is refused too, while the
 * same runtime may claim an interface again (a port re-opened with a new configuration before the old one is
 * closed): claims are counted. When the rundir cannot be created (an unprivileged embedding), only the in-JVM
 * table applies; such a caller cannot open host interfaces anyway.
 */
final class InterfaceClaims {
    private static final Map<String, Held> HELD = new HashMap<>();

    private static final class Held {
        final Object owner;
        final FileChannel ch;
        final FileLock lock;
        final Path file;
        int count = 1;

        Held(Object owner, FileChannel ch, FileLock lock, Path file) {
            this.owner = owner;
            this.ch = ch;
            this.lock = lock;
            this.file = file;
        }
    }

    /** Why an interface is taken. */
    static final class TakenException extends Exception {
        private static final long serialVersionUID = 1L;

        TakenException(String message) {
            super(message);
        }
    }

    private InterfaceClaims() {
    }

    /** True when {@code owner} already holds {@code ifname}. */
    static synchronized boolean holds(Object owner, String ifname) {
        Held h = HELD.get(ifname);
        return h != null && h.owner == owner;
    }

    /** Claims {@code ifname} for {@code owner} (again, when it already holds it). */
    static synchronized void claim(Object owner, String ifname) throws TakenException {
        Held h = HELD.get(ifname);
        if (h != null) {
            if (h.owner != owner) {
                throw new TakenException("already attached to another switch in this process");
            }
            h.count++;
            return;
        }
        Path file = RunDir.dir().resolve("iface").resolve(ifname + ".lock");
        FileChannel ch;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException | SecurityException e) {
            HELD.put(ifname, new Held(owner, null, null, null));
            return;
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            long pid = readPid(ch);
            close(ch);
            throw new TakenException("already attached to another jvswitch (" + (pid > 0 ? "pid " + pid + ", " : "")
                    + "lock " + file + ")");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            // the lock is what counts; the pid is only for the message another switch prints
        }
        HELD.put(ifname, new Held(owner, ch, lock, file));
    }

    /** Drops every claim of {@code owner} (it is closing: whatever it still holds goes). */
    static synchronized void releaseAll(Object owner) {
        for (Map.Entry<String, Held> e : Map.copyOf(HELD).entrySet()) {
            if (e.getValue().owner == owner) {
                e.getValue().count = 1;
                release(owner, e.getKey());
            }
        }
    }

    /** Drops one claim; the last one deletes the lock file and unlocks it. */
    static synchronized void release(Object owner, String ifname) {
        Held h = HELD.get(ifname);
        if (h == null || h.owner != owner || --h.count > 0) {
            return;
        }
        HELD.remove(ifname);
        if (h.ch != null) {
            try {
                Files.deleteIfExists(h.file);
                h.lock.release();
            } catch (IOException e) {
                // closing the channel below releases the lock in any case
            }
            close(h.ch);
        }
    }

    private static long readPid(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            return Long.parseLong(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
