package io.jvswitch.control.bridge;

import io.jvswitch.dataplane.bond.BondTables;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Datapath bond ids (the {@code lb_output} argument) for bond ports: stable while a port stays a bond, the lowest
 * free one for a new bond, freed when the port goes ({@link #retain}). Control thread (under {@link Bridges}'s
 * lock).
 */
final class BondIds {
    private final Map<String, Integer> ids = new HashMap<>();

    /** The id of port {@code port} of bridge {@code bridge}, assigned on first use. */
    int idOf(String bridge, String port) {
        return ids.computeIfAbsent(bridge + "/" + port, k -> {
            for (int i = 0; i < BondTables.MAX_BONDS; i++) {
                if (!ids.containsValue(i)) {
                    return i;
                }
            }
            throw new IllegalStateException("more than " + BondTables.MAX_BONDS + " bonds");
        });
    }

    /** Frees the ids of bond ports not in {@code keep} (bridge + "/" + port). */
    void retain(Set<String> keep) {
        ids.keySet().retainAll(keep);
    }

    static String key(String bridge, String port) {
        return bridge + "/" + port;
    }
}
