package io.jvswitch.bonding.bond;

import java.util.List;

/**
 * What one {@link Bond#run} changed, for the owner to act on (OVS: the return of {@code bond_run}, then
 * {@code bond_get_changed_active_member} and {@code bond_should_send_learning_packets}).
 *
 * @param activeMemberChanged the active member changed since the last report: write {@code activeMemberMac}
 *     (as {@code xx:xx:xx:xx:xx:xx}) to {@code Port.bond_active_slave}
 * @param activeMember the active member now, or null
 * @param activeMemberMac its MAC, 0 when none
 * @param sendLearningPackets send a {@link LearningPacket#rarp} for every MAC learned on another port, on
 *     {@link Bond#learningPacketMember}
 * @param enabled members enabled by this run (or by commands since the last run)
 * @param disabled members disabled likewise
 * @param tableChanged {@link Bond#bucketTable()} changed since the last run: publish it
 * @param log OVS's INFO log lines for what happened (without prefix)
 */
public record BondRun(boolean activeMemberChanged, String activeMember, long activeMemberMac,
                      boolean sendLearningPackets, List<String> enabled, List<String> disabled,
                      boolean tableChanged, List<String> log) {
}
