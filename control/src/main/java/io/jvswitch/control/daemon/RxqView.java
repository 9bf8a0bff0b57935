package io.jvswitch.control.daemon;

/**
 * One rx queue and the PMD polling it ({@code ovs-appctl dpif-netdev/pmd-rxq-show}).
 *
 * @param port   interface name
 * @param queue  rx queue id
 * @param pmdId  the PMD that polls it
 * @param core   that PMD's core
 * @param pinned true when {@code other_config:pmd-rxq-affinity} put it on this core
 */
public record RxqView(String port, int queue, int pmdId, int core, boolean pinned) {
}
