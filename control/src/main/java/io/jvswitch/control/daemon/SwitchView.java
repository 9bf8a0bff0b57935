package io.jvswitch.control.daemon;

import java.util.List;
import java.util.Map;

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

    /** {@code fdb/flush}: empties the MAC table of {@code bridge}, of every bridge when null; IAE "no such bridge". */
    void fdbFlush(String bridge);

    /** Every interface of every bridge that is in the datapath (or a patch port), for {@code dpif/show}. */
    List<DpifPortView> dpifPorts();

    /** The installed datapath flows, for {@code dpctl/dump-flows}. */
    List<FlowView> datapathFlows();

    /** Every rx queue with the PMD that polls it, for {@code dpif-netdev/pmd-rxq-show}. */
    List<RxqView> rxqs();

    /**
     * Event counters for {@code coverage/show}: name to total since start, every counter (zero ones too) in a
     * stable order.
     */
    Map<String, Long> coverage();

    /** Sizes for {@code memory/show}: name to count (ports, flows, MAC entries, frames in use...). */
    Map<String, Long> memory();
}
