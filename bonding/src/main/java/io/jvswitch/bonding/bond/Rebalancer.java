package io.jvswitch.bonding.bond;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * OVS's {@code bond_rebalance} load shifting, on a bond's bucket owners and per-bucket byte counts.
 *
 * <h2>Design</h2> Faithful to {@code ofproto/bond.c} 3.1: each enabled member's load is the sum of its buckets'
 * {@code tx_bytes}; members are kept ordered by load (descending, ties in member order); while the most loaded
 * ({@code from}) exceeds the least loaded ({@code to}) by at least {@code to >> 5} and 100 000 bytes, buckets
 * chosen by {@code choose_entries_to_migrate} (largest first while the sum stays within the ideal delta, stop
 * within 10 % of it; else the smallest; only if the low side improves by at least 10 %) move to {@code to};
 * a {@code from} with at most one bucket, or nothing useful to give, leaves the list. Buckets with equal load
 * keep bucket order (OVS's {@code qsort} leaves ties unspecified). The caller halves every bucket's count
 * afterwards (EWMA). Returns OVS's INFO lines ({@code bond %s: shift ...}). Not thread-safe; bond-owned.
 */
final class Rebalancer {
    private Rebalancer() {
    }

    static List<String> rebalance(String bondName, List<BondMember> members, BondMember[] owner, long[] tx) {
        List<String> log = new ArrayList<>();
        Integer[] order = new Integer[owner.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> tx[i]).reversed());
        List<List<Integer>> entries = new ArrayList<>();
        for (BondMember m : members) {
            m.txBytes = 0;
            entries.add(new ArrayList<>());
        }
        for (int i : order) {
            BondMember m = owner[i];
            if (m != null && tx[i] != 0) {
                m.txBytes += tx[i];
                entries.get(m.index).add(i);
            }
        }
        List<BondMember> bals = new ArrayList<>();
        for (BondMember m : members) {
            if (m.enabled) {
                insert(bals, m);
            }
        }
        while (bals.size() >= 2) {
            BondMember from = bals.get(0);
            BondMember to = bals.get(bals.size() - 1);
            long overload = from.txBytes - to.txBytes;
            if (Long.compareUnsigned(overload, to.txBytes >>> 5) < 0 || Long.compareUnsigned(overload, 100_000) < 0) {
                break;
            }
            List<Integer> fromEntries = entries.get(from.index);
            List<Integer> chosen = choose(fromEntries, from.txBytes, to.txBytes, tx);
            if (chosen.isEmpty()) {
                bals.remove(from);
                continue;
            }
            for (int e : chosen) {
                long delta = tx[e];
                log.add("bond " + bondName + ": shift " + Long.divideUnsigned(delta, 1024) + "kB of load (with hash "
                        + e + ") from " + from.name + " to " + to.name + " (now carrying "
                        + Long.divideUnsigned(from.txBytes - delta, 1024) + "kB and "
                        + Long.divideUnsigned(to.txBytes + delta, 1024) + "kB load, respectively)");
                from.txBytes -= delta;
                to.txBytes += delta;
                owner[e] = to;
                fromEntries.remove((Integer) e);
                bals.remove(from);
                insert(bals, from);
                bals.remove(to);
                insert(bals, to);
            }
        }
        return log;
    }

    /** {@code insert_bal}: before the first member with less load, i.e. after equals. */
    private static void insert(List<BondMember> bals, BondMember m) {
        int pos = 0;
        while (pos < bals.size() && Long.compareUnsigned(m.txBytes, bals.get(pos).txBytes) <= 0) {
            pos++;
        }
        bals.add(pos, m);
    }

    /** {@code choose_entries_to_migrate}; {@code fromEntries} is sorted by load, descending. */
    private static List<Integer> choose(List<Integer> fromEntries, long fromTx, long toTx, long[] tx) {
        List<Integer> chosen = new ArrayList<>();
        if (fromEntries.size() <= 1) {
            return chosen;
        }
        long ideal = Long.divideUnsigned(fromTx + toTx, 2);
        long idealDelta = ideal - toTx;
        long delta = 0;
        long threshold = Long.divideUnsigned(idealDelta, 10);
        for (int e : fromEntries) {
            if (Long.compareUnsigned(delta + tx[e], idealDelta) <= 0) {
                chosen.add(e);
                delta += tx[e];
            }
            if (Long.compareUnsigned(idealDelta - delta, threshold) < 0) {
                break;
            }
        }
        if (chosen.isEmpty()) {
            int closest = fromEntries.get(fromEntries.size() - 1);
            delta = tx[closest];
            chosen.add(closest);
        }
        long fromAfter = fromTx - delta;
        long toAfter = toTx + delta;
        long newLow = Long.compareUnsigned(fromAfter, toAfter) < 0 ? fromAfter : toAfter;
        if (Long.compareUnsigned(newLow, toTx) > 0 && Long.compareUnsigned(newLow - toTx, threshold) >= 0) {
            return chosen;
        }
        chosen.clear();
        return chosen;
    }
}
