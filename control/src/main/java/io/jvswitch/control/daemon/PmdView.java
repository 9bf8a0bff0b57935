package io.jvswitch.control.daemon;

import java.util.Map;

/**
 * One PMD thread's counters.
 *
 * @param id       PMD id
 * @param core     the CPU core it is pinned to, or -1 when not pinned
 * @param counters counter name → value, in the datapath's order ({@code PmdStats} names; zero drop counters left
 *                 out)
 */
public record PmdView(int id, int core, Map<String, Long> counters) {
}
