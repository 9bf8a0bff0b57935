package io.jvswitch.control.runtime;

/**
 * Which PMD polls an rx queue ({@code ovs-appctl dpif-netdev/pmd-rxq-show}).
 *
 * @param port         interface name
 * @param portNo       datapath port number
 * @param queue        rx queue id
 * @param pmdId        the PMD that polls it (after its pending commands ran)
 * @param core         that PMD's core
 * @param affinityCore the core {@code other_config:pmd-rxq-affinity} asks for, or -1
 */
public record RxqAssignment(String port, int portNo, int queue, int pmdId, int core, int affinityCore) {
    /** True when an affinity is set but no PMD runs on that core (the queue is polled elsewhere). */
    public boolean affinityUnmet() {
        return affinityCore >= 0 && affinityCore != core;
    }
}
