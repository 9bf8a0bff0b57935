package io.jvswitch.control.bridge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The megaflows translated by the bridges and installed in PMDs, by flow id (OVS: the udpif's ukeys). Upcalls
 * add on PMD threads; the revalidator walks and removes on the control thread.
 */
public final class FlowRegistry {
    private final ConcurrentHashMap<Long, InstalledFlow> flows = new ConcurrentHashMap<>();

    void add(InstalledFlow f) {
        flows.put(f.flow().id(), f);
    }

    void remove(InstalledFlow f) {
        flows.remove(f.flow().id(), f);
    }

    public int size() {
        return flows.size();
    }

    public InstalledFlow get(long id) {
        return flows.get(id);
    }

    /** A live view (weakly consistent iteration). */
    Collection<InstalledFlow> all() {
        return flows.values();
    }

    /** A copy of the flows that are not dead, for tests and dumps. */
    public List<InstalledFlow> snapshot() {
        List<InstalledFlow> out = new ArrayList<>();
        for (InstalledFlow f : flows.values()) {
            if (!f.flow().isDead()) {
                out.add(f);
            }
        }
        return out;
    }
}
