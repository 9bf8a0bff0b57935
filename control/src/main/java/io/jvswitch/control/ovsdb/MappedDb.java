package io.jvswitch.control.ovsdb;

import io.jvswitch.control.model.SwitchConfig;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link DbConfigMapper} makes of a {@link DbSnapshot}: the configuration to apply (always valid: whatever
 * {@link io.jvswitch.control.config.ConfigValidator} would reject has been left out and reported), plus what the
 * daemon and {@link WriteBack} need to answer the database.
 *
 * @param config           the configuration to apply; empty when there is no Open_vSwitch row
 * @param ovsRow           the Open_vSwitch row, or null when the table is empty
 * @param nextCfg          {@code Open_vSwitch.next_cfg} (what {@code cur_cfg} must become once applied)
 * @param curCfg           {@code Open_vSwitch.cur_cfg} as it is in the database
 * @param bridgeUuids      Bridge rows of the mapped bridges, by name
 * @param portUuids        Port rows of the mapped ports, by name
 * @param interfaceUuids   Interface rows by name: the row configured under that name (for a name used by several
 *                         rows, the one that got it); names only in {@code interfaceProblems} map to their row too
 * @param ofportRequests   {@code Interface.ofport_request} of mapped interfaces, where set and valid (1..65279)
 * @param previousOfports  {@code Interface.ofport} of mapped interfaces as the database holds it, where valid
 *                         (1..65279): the number to keep after a restart, as ovs-vswitchd's
 *                         {@code iface_pick_ofport} does when there is no request
 * @param interfaceProblems by interface name, why that interface was left out of {@code config} (written back as
 *                         {@code ofport=-1} and {@code error}). A name may also be in {@code config} when two
 *                         Interface rows share it: {@code rowProblems} then says which row is the bad one
 * @param rowProblems      by Interface row, why it was left out: every row {@link WriteBack} marks as failed
 * @param warnings         what was accepted but ignored or adjusted (not errors), for the log
 */
public record MappedDb(SwitchConfig config, UUID ovsRow, long nextCfg, long curCfg, Map<String, UUID> bridgeUuids,
                       Map<String, UUID> portUuids, Map<String, UUID> interfaceUuids,
                       Map<String, Integer> ofportRequests, Map<String, Integer> previousOfports,
                       Map<String, String> interfaceProblems, Map<UUID, String> rowProblems, List<String> warnings) {
    public MappedDb {
        config = config == null ? SwitchConfig.empty() : config;
        bridgeUuids = Map.copyOf(bridgeUuids);
        portUuids = Map.copyOf(portUuids);
        interfaceUuids = Map.copyOf(interfaceUuids);
        ofportRequests = Map.copyOf(ofportRequests);
        previousOfports = Map.copyOf(previousOfports);
        interfaceProblems = Map.copyOf(interfaceProblems);
        rowProblems = Map.copyOf(rowProblems);
        warnings = List.copyOf(warnings);
    }

    /** No Open_vSwitch row: nothing to configure, nothing to write. */
    public static MappedDb empty(List<String> warnings) {
        return new MappedDb(SwitchConfig.empty(), null, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(), Map.of(), warnings);
    }
}
