package io.jvswitch.control.daemon;

import java.util.List;

/**
 * What the control socket, the CLI and the netns demo read from a running switch. One small interface so the
 * source can change (today {@link RuntimeSwitchView} over the single-PMD {@code SwitchRuntime}; with several
 * PMDs, their snapshot APIs) without touching the commands or their output.
 *
 * <p>Implementations are thread-safe: the control socket calls them from its connection threads.
 */
public interface SwitchView {
    /** Every configured interface (patch interfaces excepted), open or not, by port number then name. */
    List<PortView> ports();

    /** Every PMD with its counters, by id. */
    List<PmdView> pmds();

    /** {@code fdb/show BRIDGE} text; throws IllegalArgumentException("no such bridge") for an unknown one. */
    String fdbShow(String bridge);
}
