package io.jvswitch.control.runtime;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.ffi.CpuAffinity;
import io.jvswitch.ffi.NativeException;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One PMD and what runs it: its own {@link FramePool} (and through the {@link Pmd}, its own EMC and flow table, as
 * OVS), the core it is meant for, and, while started, a platform thread named {@code jvswitch-pmd<id>} that pins
 * itself to that core on start (OVS: {@code pmd_thread_main} + {@code ovs_numa_thread_setaffinity_core}). When
 * pinning fails (the core is offline or outside the process's cpuset, no FFM access...) the thread runs unpinned
 * and {@link #pinning()} says why; the PMD works either way.
 *
 * <h2>Thread-safety</h2> Started, stopped, parked and resumed by the runtime under its lock; {@link #pinning()},
 * {@link #threadId()} and the PMD's stats from any thread.
 */
final class PmdThread {
    /** Prefix of every PMD thread's name (benchmarks find the PMD in /proc/PID/task/N/comm by it). */
    static final String THREAD_PREFIX = "jvswitch-pmd";
    private static final System.Logger LOG = System.getLogger("io.jvswitch.pmd");

    private final int id;
    private final int core;
    private final Pmd pmd;
    private final FramePool pool;
    private final SwitchableIdleStrategy idle;
    private AgentRunner runner;
    private volatile String pinning = "not started";
    private volatile long threadId = -1;

    PmdThread(int id, int core, Pmd pmd, FramePool pool, IdleStrategy idle) {
        this.id = id;
        this.core = core;
        this.pmd = pmd;
        this.pool = pool;
        this.idle = new SwitchableIdleStrategy(idle);
    }

    int id() {
        return id;
    }

    /** The configured core (the thread may still run unpinned, see {@link #pinning()}). */
    int core() {
        return core;
    }

    Pmd pmd() {
        return pmd;
    }

    FramePool pool() {
        return pool;
    }

    String threadName() {
        return THREAD_PREFIX + id;
    }

    /** "pinned to core N", "unpinned: reason", or "not started". */
    String pinning() {
        return pinning;
    }

    /** The Java thread id while started (or last started), else -1. */
    long threadId() {
        return threadId;
    }

    boolean isRunning() {
        return runner != null;
    }

    void setIdle(IdleStrategy s) {
        idle.set(s);
    }

    /** Starts the thread; it pins itself to {@link #core()} before its first iteration. */
    void start() {
        if (runner != null) {
            return;
        }
        runner = new AgentRunner(idle, t -> LOG.log(System.Logger.Level.ERROR, threadName() + " failed", t), null,
                new PinnedAgent());
        AgentRunner.startOnThread(runner, r -> {
            Thread t = new Thread(r, threadName());
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops the thread and waits for it; the queued commands are then run here, so none is lost. */
    void stop() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
        pmd.runCommands();
    }

    /**
     * Parks a running PMD inside a command and returns once it is parked, or false after the timeout. While
     * parked the caller may use the PMD's owner-thread operations; {@link Parked#resume()} lets it go on.
     */
    Parked park(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        boolean queued = pmd.submit(p -> {
            parked.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    resume.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        if (!queued || !parked.await(timeout, unit)) {
            resume.countDown();
            return null;
        }
        return resume::countDown;
    }

    /** A parked PMD's handle. */
    interface Parked {
        void resume();
    }

    /** Runs the PMD, pinning the thread first. */
    private final class PinnedAgent implements Agent {
        @Override
        public void onStart() {
            threadId = Thread.currentThread().threadId();
            if (core < 0) {
                pinning = "unpinned: no core configured";
                return;
            }
            try {
                CpuAffinity.pinCurrentThread(core);
                pinning = "pinned to core " + core;
            } catch (NativeException | RuntimeException | LinkageError e) {
                pinning = "unpinned: " + e.getMessage();
                LOG.log(System.Logger.Level.WARNING, threadName() + " runs unpinned: cannot pin to core " + core
                        + ": " + e.getMessage());
            }
        }

        @Override
        public int doWork() {
            return pmd.doWork();
        }

        @Override
        public String roleName() {
            return threadName();
        }
    }
}
