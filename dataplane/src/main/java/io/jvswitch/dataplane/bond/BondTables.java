package io.jvswitch.dataplane.bond;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The datapath's bond registry: bond id → current {@link BondTable}, shared by every PMD of a datapath.
 *
 * <h2>Design</h2> The control plane ({@code bonding}) computes a bond's buckets and publishes a new immutable
 * snapshot with one release store ({@link #publish}); the PMDs read the bond's slot with an acquire load each
 * time a bond output action runs over a flow's packets (once per flow group per batch). So a table change
 * is seen by the next batch, nothing per packet calls the control plane, and installed megaflows never hold a
 * stale member: they name the bond, not a member (OVS {@code lb_output}).
 *
 * <h2>Thread-safety</h2> Any thread may publish (one writer per bond id is expected: the control thread);
 * any thread may read. The GC reclaims replaced snapshots (they are on-heap).
 */
public final class BondTables {
    /** Bond ids are {@code 0 .. MAX_BONDS - 1}. */
    public static final int MAX_BONDS = 1024;

    private static final VarHandle AT = MethodHandles.arrayElementVarHandle(BondTable[].class);

    private final BondTable[] tables = new BondTable[MAX_BONDS];

    /** Makes {@code table} bond {@code bondId}'s table from the next batch on (release store). */
    public void publish(int bondId, BondTable table) {
        AT.setRelease(tables, checkId(bondId), java.util.Objects.requireNonNull(table, "table"));
    }

    /** Removes a bond: its outputs drop (counted as {@code BOND_NO_MEMBER}) until a table is published again. */
    public void remove(int bondId) {
        AT.setRelease(tables, checkId(bondId), (BondTable) null);
    }

    /** The bond's current table, or null. Any thread; the PMD calls it once per flow group. */
    public BondTable get(int bondId) {
        return bondId >= 0 && bondId < MAX_BONDS ? (BondTable) AT.getAcquire(tables, bondId) : null;
    }

    private static int checkId(int bondId) {
        if (bondId < 0 || bondId >= MAX_BONDS) {
            throw new IllegalArgumentException("bond id " + bondId + " outside 0.." + (MAX_BONDS - 1));
        }
        return bondId;
    }
}
