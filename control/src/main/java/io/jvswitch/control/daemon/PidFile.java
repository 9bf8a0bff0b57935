package io.jvswitch.control.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A locked pidfile, as OVS's {@code lib/daemon-unix.c} keeps one: the file holds the pid and a newline and is
 * locked with an {@code fcntl} write lock for the daemon's lifetime (the JDK's {@link FileChannel#tryLock()} is
 * an {@code F_SETLK} record lock on Linux), so a second daemon sees a live holder, and a file left by a killed
 * daemon is unlocked (stale) and simply taken over. The lock dies with the process, whatever kills it.
 *
 * <p>POSIX record locks belong to the process: this class must be the only opener of the file in the JVM
 * (closing any other descriptor of it would drop the lock).
 */
public final class PidFile implements AutoCloseable {
    private final Path path;
    private final FileChannel ch;
    private final FileLock lock;

    /** Another live process holds the pidfile. */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long pid;

        HeldException(Path path, long pid) {
            super(path + " is locked by " + (pid > 0 ? "pid " + pid : "another process"));
            this.pid = pid;
        }

        /** The holder's pid as written in the file, or -1 when unreadable. */
        public long pid() {
            return pid;
        }
    }

    private PidFile(Path path, FileChannel ch, FileLock lock) {
        this.path = path;
        this.ch = ch;
        this.lock = lock;
    }

    /** Creates (or takes over a stale) pidfile and locks it, or throws {@link HeldException}. */
    public static PidFile acquire(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            // This JVM holds it. Closing this descriptor would drop that lock (POSIX), so it is left open.
            throw new HeldException(path, readPid(ch));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            long pid = readPid(ch);
            ch.close();
            throw new HeldException(path, pid);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        ch.force(false);
        return new PidFile(path, ch, lock);
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

    public Path path() {
        return path;
    }

    /** Deletes the file, then releases the lock. Idempotent. */
    @Override
    public void close() {
        if (!ch.isOpen()) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.err.println("jvswitch: could not remove pidfile " + path + ": " + e.getMessage());
        }
        try {
            lock.release();
            ch.close();
        } catch (IOException e) {
            // the lock goes with the descriptor anyway
        }
    }
}
