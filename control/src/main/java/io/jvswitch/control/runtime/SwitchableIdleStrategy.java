package io.jvswitch.control.runtime;

import org.agrona.concurrent.IdleStrategy;

/**
 * One PMD thread's idle strategy, replaceable while the thread runs ({@code other_config:pmd-idle} changes
 * apply live): every call goes to the current delegate, read from a volatile field.
 *
 * <h2>Thread-safety</h2> {@link #idle} from the PMD thread only (the delegates are per thread, as Agrona's
 * strategies keep state); {@link #set} from any thread.
 */
final class SwitchableIdleStrategy implements IdleStrategy {
    private volatile IdleStrategy current;

    SwitchableIdleStrategy(IdleStrategy initial) {
        this.current = initial;
    }

    void set(IdleStrategy next) {
        this.current = next;
    }

    IdleStrategy current() {
        return current;
    }

    @Override
    public void idle(int workCount) {
        current.idle(workCount);
    }

    @Override
    public void idle() {
        current.idle();
    }

    @Override
    public void reset() {
        current.reset();
    }

    @Override
    public String alias() {
        return current.alias();
    }
}
