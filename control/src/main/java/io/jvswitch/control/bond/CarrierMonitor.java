package io.jvswitch.control.bond;

import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.RtNetlink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bond members' carrier, read from the kernel over rtnetlink ({@code RTM_GETLINK}: a link is up when it is
 * administratively up and has carrier, {@code IFF_UP} and {@code IFF_LOWER_UP}; a device that does not exist is
 * down). {@link #poll} is called by the bond control thread (OVS's carrier detection: every run of the main loop;
 * here every bond tick), keeps one netlink socket open, and reports only changes.
 *
 * <h2>Thread-safety</h2> One thread (the bond control thread).
 */
public final class CarrierMonitor implements AutoCloseable {
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOWER_UP = 0x10000;

    /** One carrier change. */
    public record Change(String member, boolean up) {
    }

    private final Map<String, Boolean> last = new HashMap<>();
    private RtNetlink nl;

    /** Whether {@code ifname} is up with carrier now (one netlink request). */
    public boolean carrier(String ifname) {
        try {
            if (nl == null) {
                nl = RtNetlink.open();
            }
            int flags = nl.getLink(ifname).flags();
            return (flags & IFF_UP) != 0 && (flags & IFF_LOWER_UP) != 0;
        } catch (NativeException e) {
            return false;     // ENODEV: gone; anything else: not usable either
        }
    }

    /**
     * Reads the carrier of every name in {@code members} and returns those that changed since the last poll (a
     * name seen for the first time is reported). Names no longer polled are forgotten.
     */
    public List<Change> poll(Set<String> members) {
        last.keySet().retainAll(members);
        List<Change> changes = new ArrayList<>();
        for (String m : members) {
            boolean up = carrier(m);
            Boolean before = last.put(m, up);
            if (before == null || before != up) {
                changes.add(new Change(m, up));
            }
        }
        return changes;
    }

    @Override
    public void close() {
        if (nl != null) {
            nl.close();
            nl = null;
        }
    }
}
