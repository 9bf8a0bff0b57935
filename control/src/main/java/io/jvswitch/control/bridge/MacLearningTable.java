package io.jvswitch.control.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A bridge's MAC learning table: (VLAN, MAC) → OpenFlow port, as OVS's {@code lib/mac-learning.c} (v3.1).
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>Entries live in one insertion-ordered map that doubles as the LRU list (oldest first): learning or
 *       refreshing an entry moves it to the tail, so {@code fdb/show} prints OVS's LRU order.</li>
 *   <li>Aging: an entry expires {@code idle time} after it was last refreshed ({@code mac-aging-time}, default
 *       300 s, clamped to 15..3600 like OVS {@code normalize_idle_time}). {@link #lookup} ignores expired
 *       entries at once; {@link #run} removes them (OVS {@code mac_learning_run}).</li>
 *   <li>Size: {@code mac-table-size}, default 8192, clamped to 10..1 000 000. Learning a new entry into a full
 *       table evicts "fairly" as OVS 3.1 does ({@code evict_mac_entry_fairly}): the least recently used entry of
 *       the port that has the most entries — with one busy port this is plain LRU (OVS test "MAC table
 *       overflow").</li>
 *   <li>Like OVS's {@code is_mac_learning_update_needed}, a frame from a MAC already learned on the same port
 *       less than a second ago changes nothing (the common case stays cheap).</li>
 *   <li>{@link #version()} changes whenever a lookup could answer differently (new, moved, expired, evicted,
 *       flushed entry, or an entry revived after expiry); the revalidator compares it. Each change also runs the
 *       {@code onChange} hook given at construction.</li>
 *   <li>Static entries ({@code fdb/add}) never age and are never evicted; {@code fdb/show} prints
 *       {@code static}.</li>
 *   <li>Gratuitous-ARP lock (OVS {@code mac_entry_set_grat_arp_lock}, {@code update_learning_table__}): a
 *       gratuitous ARP learned on a port that is not a bond locks its entry for {@value #GRAT_ARP_LOCK_SEC} s
 *       (re-armed by every such ARP); while locked, gratuitous ARPs arriving on a bond refresh the entry but never
 *       move it — a broadcast announcement flooded out of one bond member and reflected back through another
 *       must not steal the MAC. Other frames are not affected (on balance-slb bonds receive admissibility drops
 *       them, {@link BondAdmission}). A lock starting or ending changes what {@link #isGratArpLocked} answers, so
 *       both count as changes ({@link #version()}, {@code onChange}): the start at once, the end at the
 *       {@link #run} that sees it. Installed flows whose verdict read the lock are therefore re-translated.</li>
 * </ul>
 * Time is always passed in by the caller (nanoseconds of one monotonic clock) so tests can use a virtual clock.
 *
 * <h2>Thread-safety</h2> All methods synchronize on the table: upcalls on PMD threads learn and look up, the
 * control thread ages, flushes and reads snapshots. This is the slow path; the lock is short.
 */
public final class MacLearningTable {
    public static final int MIN_AGING_SEC = 15;
    public static final int MAX_AGING_SEC = 3600;
    public static final int MIN_SIZE = 10;
    public static final int MAX_SIZE = 1_000_000;
    /** OVS {@code MAC_GRAT_ARP_LOCK_TIME}. */
    public static final int GRAT_ARP_LOCK_SEC = 5;
    private static final long NANOS_PER_SEC = 1_000_000_000L;
    private static final long GRAT_ARP_LOCK_NANOS = GRAT_ARP_LOCK_SEC * NANOS_PER_SEC;

    private static final class Entry {
        final long mac;
        final int vlan;
        int port;
        long lastSeen;
        boolean isStatic;
        /** End of the gratuitous-ARP lock; meaningful only while the key is in {@code locked}. */
        long lockUntil;

        Entry(long mac, int vlan) {
            this.mac = mac;
            this.vlan = vlan;
        }
    }

    private final LinkedHashMap<Long, Entry> lru = new LinkedHashMap<>();
    private final Map<Integer, LinkedHashSet<Long>> byPort = new HashMap<>();
    /** Keys of entries with a gratuitous-ARP lock not yet seen to end by {@link #run} (few: ARPs are rare). */
    private final java.util.HashSet<Long> locked = new java.util.HashSet<>();
    private long nextLockEnd = Long.MAX_VALUE;
    private final Runnable onChange;
    private long idleNanos;
    private int idleSec;
    private int maxEntries;
    private volatile long version;
    private int staticEntries;
    private long learned;
    private long expired;
    private long evicted;
    private long moved;

    /** A table with OVS's defaults (300 s, 8192 entries). */
    public MacLearningTable() {
        this(300, 8192, () -> { });
    }

    /**
     * @param agingSec    {@code mac-aging-time}, clamped to 15..3600
     * @param maxEntries  {@code mac-table-size}, clamped to 10..1 000 000
     * @param onChange    run (under the table's lock: keep it tiny) on every change that can alter a lookup
     */
    public MacLearningTable(int agingSec, int maxEntries, Runnable onChange) {
        this.onChange = onChange;
        setAgingTime(agingSec);
        setMaxEntries(maxEntries);
    }

    private static long key(long mac, int vlan) {
        return (long) vlan << 48 | (mac & 0xffffffffffffL);
    }

    /** OVS {@code normalize_idle_time}. */
    public static int clampAgingTime(int sec) {
        return Math.max(MIN_AGING_SEC, Math.min(MAX_AGING_SEC, sec));
    }

    /** OVS {@code mac_learning_set_max_entries}. */
    public static int clampSize(int n) {
        return Math.max(MIN_SIZE, Math.min(MAX_SIZE, n));
    }

    public synchronized void setAgingTime(int sec) {
        int s = clampAgingTime(sec);
        if (s != idleSec) {
            idleSec = s;
            idleNanos = s * NANOS_PER_SEC;
            changed();
        }
    }

    /** Sets the size limit; a smaller limit takes effect at the next {@link #run}, as in OVS. */
    public synchronized void setMaxEntries(int n) {
        maxEntries = clampSize(n);
    }

    public synchronized int agingTimeSec() {
        return idleSec;
    }

    public synchronized int maxEntries() {
        return maxEntries;
    }

    /** Changes whenever a lookup may answer differently. */
    public long version() {
        return version;
    }

    private void changed() {
        version++;
        onChange.run();
    }

    private boolean isExpired(Entry e, long now) {
        return !e.isStatic && now - e.lastSeen >= idleNanos;
    }

    /**
     * Learns that {@code mac} in {@code vlan} was seen on {@code port} at {@code now} (OVS
     * {@code mac_learning_update}) from a frame that is not a gratuitous ARP.
     *
     * @return true when the table changed in a way lookups can see (new entry, move, revived entry)
     */
    public synchronized boolean learn(long mac, int vlan, int port, long now) {
        return learn(mac, vlan, port, now, false, false);
    }

    /**
     * Learns that {@code mac} in {@code vlan} was seen on {@code port} at {@code now} (OVS
     * {@code mac_learning_update}). Multicast sources are never learned; static entries are never changed.
     * A gratuitous ARP ({@code gratArp}) on a port that is not a bond ({@code onBond} false) locks the entry for
     * {@value #GRAT_ARP_LOCK_SEC} s; a gratuitous ARP on a bond while the entry is locked refreshes it without
     * moving it.
     *
     * @return true when the table changed in a way lookups can see (new entry, move, revived entry, a lock that
     *         started)
     */
    public synchronized boolean learn(long mac, int vlan, int port, long now, boolean gratArp, boolean onBond) {
        if (MacAddresses.isMulticast(mac)) {
            return false;
        }
        boolean locks = gratArp && !onBond;
        long k = key(mac, vlan);
        Entry e = lru.get(k);
        if (e == null) {
            if (lru.size() >= maxEntries) {
                evictFairly();
            }
            e = new Entry(mac, vlan);
            e.port = port;
            e.lastSeen = now;
            lru.put(k, e);
            portList(port).add(k);
            if (locks) {
                lock(k, e, now);
            }
            learned++;
            changed();
            return true;
        }
        if (e.isStatic) {
            return false;
        }
        boolean wasExpired = isExpired(e, now);
        if (!locks && (e.port == port || gratArp && isLocked(k, e, now))
                && !wasExpired && now - e.lastSeen < NANOS_PER_SEC) {
            return false;
        }
        touch(k, e);
        e.lastSeen = Math.max(e.lastSeen, now);
        if (gratArp && onBond && isLocked(k, e, now)) {
            return false;   // refreshed, not moved: a reflection of the announcement made on another port
        }
        boolean lockStarted = locks && lock(k, e, now);
        if (e.port != port) {
            removeFromPort(e.port, k);
            e.port = port;
            portList(port).add(k);
            moved++;
            changed();
            return true;
        }
        if (wasExpired || lockStarted) {
            changed();
            return true;
        }
        return false;
    }

    /**
     * {@link #learn(long, int, int, long, boolean, boolean)} for a sighting the revalidator replays from an
     * installed flow's use at {@code used}: unlike a live frame, such a sighting may be older than the entry's
     * last update; then it neither moves nor refreshes the entry (the newer sighting wins: a flow used on the bond
     * just before a VM announced itself on another port must not pull the MAC back).
     */
    public synchronized boolean replay(long mac, int vlan, int port, long used, boolean gratArp, boolean onBond) {
        Entry e = lru.get(key(mac, vlan));
        if (e != null && e.port != port && used < e.lastSeen) {
            return false;
        }
        return learn(mac, vlan, port, used, gratArp, onBond);
    }

    /**
     * Whether a gratuitous-ARP lock is in effect on {@code mac} in {@code vlan} at {@code now} (OVS
     * {@code mac_entry_is_grat_arp_locked}); false when there is no such entry or it expired.
     */
    public synchronized boolean isGratArpLocked(long mac, int vlan, long now) {
        long k = key(mac, vlan);
        Entry e = lru.get(k);
        return e != null && !isExpired(e, now) && isLocked(k, e, now);
    }

    /** Adds or converts a static entry (OVS {@code fdb/add}). */
    public synchronized void addStatic(long mac, int vlan, int port) {
        long k = key(mac, vlan);
        Entry e = lru.get(k);
        if (e == null) {
            if (lru.size() >= maxEntries) {
                evictFairly();
            }
            e = new Entry(mac, vlan);
            e.port = port;
            lru.put(k, e);
            portList(port).add(k);
        } else {
            touch(k, e);
            if (e.port != port) {
                removeFromPort(e.port, k);
                e.port = port;
                portList(port).add(k);
            }
        }
        if (!e.isStatic) {
            staticEntries++;
            e.isStatic = true;
        }
        changed();
    }

    /** Removes a static entry (OVS {@code fdb/del}); false when there is none. */
    public synchronized boolean removeStatic(long mac, int vlan) {
        long k = key(mac, vlan);
        Entry e = lru.get(k);
        if (e == null || !e.isStatic) {
            return false;
        }
        remove(k, e);
        staticEntries--;
        return true;
    }

    /** The port {@code mac} was learned on in {@code vlan}, or -1 (multicast, unknown or expired). */
    public synchronized int lookup(long mac, int vlan, long now) {
        if (MacAddresses.isMulticast(mac)) {
            return -1;
        }
        Entry e = lru.get(key(mac, vlan));
        return e == null || isExpired(e, now) ? -1 : e.port;
    }

    /**
     * Periodic work (OVS {@code mac_learning_run}): removes expired entries and, when the table is over its
     * limit, the least recently used ones (both counted as expired).
     *
     * @return how many entries were removed
     */
    public synchronized int run(long now) {
        boolean lockEnded = now >= nextLockEnd && endLocks(now);
        int n = 0;
        Iterator<Map.Entry<Long, Entry>> it = lru.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Entry> me = it.next();
            Entry e = me.getValue();
            if (e.isStatic) {
                continue;
            }
            if (lru.size() <= maxEntries && !isExpired(e, now)) {
                break;
            }
            it.remove();
            removeFromPort(e.port, me.getKey());
            locked.remove(me.getKey());
            expired++;
            n++;
        }
        if (n > 0 || lockEnded) {
            changed();
        }
        return n;
    }

    /** Removes every dynamic entry (OVS {@code fdb/flush}). */
    public synchronized int flush() {
        int n = 0;
        Iterator<Map.Entry<Long, Entry>> it = lru.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Entry> me = it.next();
            if (!me.getValue().isStatic) {
                it.remove();
                removeFromPort(me.getValue().port, me.getKey());
                locked.remove(me.getKey());
                n++;
            }
        }
        if (n > 0) {
            changed();
        }
        return n;
    }

    /** Removes every entry (static ones too) that points to {@code port} (the port left or changed VLANs). */
    public synchronized int flushPort(int port) {
        LinkedHashSet<Long> keys = byPort.remove(port);
        if (keys == null) {
            return 0;
        }
        for (long k : keys) {
            locked.remove(k);
            Entry e = lru.remove(k);
            if (e != null && e.isStatic) {
                staticEntries--;
            }
        }
        changed();
        return keys.size();
    }

    /** Entries in LRU order (least recently used first), expired ones left out. */
    public synchronized List<MacEntry> snapshot(long now) {
        List<MacEntry> out = new ArrayList<>(lru.size());
        for (Entry e : lru.values()) {
            if (isExpired(e, now)) {
                continue;
            }
            int age = e.isStatic ? 0 : (int) ((now - e.lastSeen) / NANOS_PER_SEC);
            out.add(new MacEntry(e.port, e.vlan, e.mac, age, e.isStatic));
        }
        return out;
    }

    /** Entries in the table (including expired ones not yet removed by {@link #run}). */
    public synchronized int size() {
        return lru.size();
    }

    public synchronized MacLearningStats stats() {
        return new MacLearningStats(lru.size(), maxEntries, staticEntries, learned, expired, evicted, moved);
    }

    // ---------------------------------------------------------------- internals (lock held)

    private LinkedHashSet<Long> portList(int port) {
        return byPort.computeIfAbsent(port, p -> new LinkedHashSet<>());
    }

    private void removeFromPort(int port, long k) {
        LinkedHashSet<Long> s = byPort.get(port);
        if (s != null) {
            s.remove(k);
            if (s.isEmpty()) {
                byPort.remove(port);
            }
        }
    }

    private boolean isLocked(long k, Entry e, long now) {
        return now < e.lockUntil && locked.contains(k);
    }

    /** Locks (or re-arms the lock of) an entry until {@code now} + 5 s; true when it was not locked before. */
    private boolean lock(long k, Entry e, long now) {
        boolean was = isLocked(k, e, now);
        e.lockUntil = was ? Math.max(e.lockUntil, now + GRAT_ARP_LOCK_NANOS) : now + GRAT_ARP_LOCK_NANOS;
        locked.add(k);
        nextLockEnd = Math.min(nextLockEnd, e.lockUntil);
        return !was;
    }

    /** Forgets the locks that ended by {@code now}; true when one did. */
    private boolean endLocks(long now) {
        boolean ended = false;
        long next = Long.MAX_VALUE;
        Iterator<Long> it = locked.iterator();
        while (it.hasNext()) {
            Entry e = lru.get(it.next());
            if (e == null || now >= e.lockUntil) {
                it.remove();
                ended |= e != null;
            } else {
                next = Math.min(next, e.lockUntil);
            }
        }
        nextLockEnd = next;
        return ended;
    }

    /** Moves an entry to the most-recently-used end of both LRU lists. */
    private void touch(long k, Entry e) {
        lru.remove(k);
        lru.put(k, e);
        LinkedHashSet<Long> s = byPort.get(e.port);
        if (s != null) {
            s.remove(k);
            s.add(k);
        }
    }

    private void remove(long k, Entry e) {
        lru.remove(k);
        locked.remove(k);
        removeFromPort(e.port, k);
        changed();
    }

    /** OVS {@code evict_mac_entry_fairly}: the LRU dynamic entry of the port with the most entries. */
    private void evictFairly() {
        int bestPort = 0;
        int bestCount = -1;
        for (Map.Entry<Integer, LinkedHashSet<Long>> pe : byPort.entrySet()) {
            int c = pe.getValue().size();
            if (c > bestCount || (c == bestCount && pe.getKey() < bestPort)) {
                bestCount = c;
                bestPort = pe.getKey();
            }
        }
        if (bestCount <= 0) {
            return;
        }
        for (long k : byPort.get(bestPort)) {
            Entry e = lru.get(k);
            if (!e.isStatic) {
                remove(k, e);
                evicted++;
                return;
            }
        }
    }
}
