package io.jvswitch.dataplane.bond;

import java.util.Arrays;

/**
 * One bond's transmit table as the control plane computed it: the hash kind, the hash basis and, for each of
 * the {@value BondHash#BUCKETS} buckets, the datapath port the bucket's packets leave by ({@link #DROP}: drop,
 * counted as {@code BOND_NO_MEMBER}). Immutable; published with {@link BondTables#publish}.
 *
 * <p>Active-backup is a table whose buckets all name the active member; "no member enabled" (or balance-tcp
 * without negotiated LACP) is a table of {@link #DROP}s.
 */
public final class BondTable {
    /** A bucket with no member: its packets are dropped and counted. */
    public static final int DROP = -1;

    /** What the bucket hash reads. */
    public enum HashKind {
        /** Source MAC + VLAN (balance-slb; OVS {@code hash_mac}). */
        L2,
        /** The packet hash: IP addresses, protocol, L4 ports, in_port, VLAN ids; other frames their whole key. */
        L4
    }

    private final HashKind kind;
    private final boolean l4;
    private final int basis;
    private final int[] ports;
    /** The distinct member ports of {@link #ports}, in order of first appearance. */
    private final int[] members;
    /** Per bucket, the index of its port in {@link #members}; {@code members.length} for {@link #DROP}. */
    private final int[] memberIndex;
    /** The largest value in {@link #memberIndex}. */
    private final int maxMemberIndex;

    private BondTable(HashKind kind, int basis, int[] ports) {
        this.kind = kind;
        this.l4 = kind == HashKind.L4;
        this.basis = basis;
        this.ports = ports;
        int[] distinct = new int[ports.length];
        int n = 0;
        this.memberIndex = new int[ports.length];
        for (int b = 0; b < ports.length; b++) {
            int k = 0;
            while (k < n && distinct[k] != ports[b]) {
                k++;
            }
            if (k == n && ports[b] != DROP) {
                distinct[n++] = ports[b];
            }
            memberIndex[b] = k;
        }
        this.members = Arrays.copyOf(distinct, n);
        int max = 0;
        for (int b = 0; b < ports.length; b++) {
            if (ports[b] == DROP) {
                memberIndex[b] = n;
            }
            max = Math.max(max, memberIndex[b]);
        }
        this.maxMemberIndex = max;
    }

    /**
     * @param basis         OVS's {@code other_config:bond-hash-basis}
     * @param bucketToPort  {@value BondHash#BUCKETS} datapath port numbers ({@link #DROP} or any negative: drop);
     *                      copied
     */
    public static BondTable of(HashKind kind, int basis, int[] bucketToPort) {
        if (bucketToPort.length != BondHash.BUCKETS) {
            throw new IllegalArgumentException("need " + BondHash.BUCKETS + " buckets, got " + bucketToPort.length);
        }
        int[] p = bucketToPort.clone();
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0) {
                p[i] = DROP;
            }
        }
        return new BondTable(java.util.Objects.requireNonNull(kind, "kind"), basis, p);
    }

    /** Every bucket to one port (active-backup), or every bucket dropped when {@code port} is negative. */
    public static BondTable single(HashKind kind, int basis, int port) {
        int[] p = new int[BondHash.BUCKETS];
        Arrays.fill(p, port < 0 ? DROP : port);
        return new BondTable(kind, basis, p);
    }

    public HashKind kind() {
        return kind;
    }

    public int basis() {
        return basis;
    }

    /** The port of bucket {@code b} ({@link #DROP} for none). */
    public int port(int bucket) {
        return ports[bucket];
    }

    /** The number of distinct member ports the buckets name. */
    public int memberCount() {
        return members.length;
    }

    /** Member {@code index}'s port ({@code 0 <= index < memberCount()}). */
    public int member(int index) {
        return members[index];
    }

    /** The index of {@code bucket}'s port among the members; {@link #memberCount()} when the bucket drops. */
    public int memberIndex(int bucket) {
        return memberIndex[bucket];
    }

    /** The largest {@link #memberIndex} of any bucket (the member count when some bucket drops). */
    public int maxMemberIndex() {
        return maxMemberIndex;
    }

    /** True for {@link HashKind#L4}. */
    public boolean isL4() {
        return l4;
    }

    /**
     * The bucket of the packet whose key is at {@code base} and whose packet hash ({@code FlowHash.packet}) is
     * {@code packetHash}, as the datapath computes it.
     */
    public int bucketOf(long[] key, int base, int packetHash, int vlan) {
        return BondHash.bucket(l4 ? BondHash.l4(packetHash, basis) : BondHash.l2(key, base, basis, vlan));
    }

    @Override
    public String toString() {
        return "BondTable[" + kind + ", basis " + basis + ", " + Arrays.toString(ports) + "]";
    }
}
