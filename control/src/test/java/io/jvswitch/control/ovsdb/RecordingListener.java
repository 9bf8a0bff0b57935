package io.jvswitch.control.ovsdb;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An {@link OvsdbClient.Listener} for tests: records every call in queues the test waits on. An optional hook runs
 * on each snapshot (on the client's thread), e.g. to answer {@code next_cfg} as the switch would.
 */
public final class RecordingListener implements OvsdbClient.Listener {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    public record LockState(boolean held, String why) {
    }

    public final BlockingQueue<DbSnapshot> snapshots = new LinkedBlockingQueue<>();
    public final BlockingQueue<LockState> lockStates = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
    /** Every call in order: "snapshot", "lock:true", "lock:false", "disconnected". */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Consumer<DbSnapshot> onSnapshot = db -> { };

    public void onEachSnapshot(Consumer<DbSnapshot> hook) {
        this.onSnapshot = hook;
    }

    @Override
    public void onSnapshot(DbSnapshot db) {
        calls.add("snapshot");
        snapshots.add(db);
        onSnapshot.accept(db);
    }

    @Override
    public void onLockState(boolean held, String why) {
        calls.add("lock:" + held);
        lockStates.add(new LockState(held, why));
    }

    @Override
    public void onDisconnected(String why) {
        calls.add("disconnected");
        disconnects.add(why);
    }

    /** Takes snapshots until one satisfies {@code test}; fails after {@link #TIMEOUT}. */
    public DbSnapshot awaitSnapshot(String what, Predicate<DbSnapshot> test) {
        return await(snapshots, what, test);
    }

    public LockState awaitLock(boolean held) {
        return await(lockStates, "lock " + (held ? "granted" : "refused"), s -> s.held() == held);
    }

    public String awaitDisconnect() {
        return await(disconnects, "a disconnection", s -> true);
    }

    /** Polls {@code condition} until true; fails after {@link #TIMEOUT}. */
    public static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static <T> T await(BlockingQueue<T> queue, String what, Predicate<T> test) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                T item = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (item == null) throw new AssertionError("timed out waiting for " + what);
                if (test.test(item)) return item;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
