package io.jvswitch.dataplane.action;

/**
 * The datapath action list encoding: a flat {@code int[]} program of instructions, each
 * {@code header, args...} with {@code header = opcode << 24 | lengthInInts} (length includes the header).
 *
 * <pre>
 *  OUTPUT        [hdr, port]                         send to datapath port (a copy unless it is the last action)
 *  DROP          [hdr]                               explicit drop (an empty list drops too)
 *  PUSH_VLAN     [hdr, tpid &lt;&lt; 16 | tci]             push an outer tag (tci as on the wire; CFI/DEI not forced)
 *  POP_VLAN      [hdr]                               remove the outer tag (no tag: unchanged)
 *  SET_ETH_SRC   [hdr, mac &gt;&gt;&gt; 32, (int) mac]       rewrite the source MAC
 *  SET_ETH_DST   [hdr, mac &gt;&gt;&gt; 32, (int) mac]       rewrite the destination MAC
 *  SET_VLAN_VID  [hdr, vid]                          set the outer tag's VID (no tag: unchanged)
 *  SET_VLAN_PCP  [hdr, pcp]                          set the outer tag's PCP (no tag: unchanged)
 *  BOND_OUTPUT   [hdr, bondId, vlan]                 send to the bond member of the packet's bucket (OVS lb_output)
 *  SLOW_PATH     [hdr, reason]                       copy to the control plane's slow-path queue (OVS userspace)
 *  METER         [hdr, meterId]                      run the datapath meter; packets its bands drop stop here
 *  SET_QUEUE     [hdr, queueId]                      set the packet's QoS queue id (OVS set_queue/skb_priority)
 * </pre>
 * BOND_OUTPUT hashes each packet (from its parsed key) into the bond's current {@code BondTable}, read when the
 * action runs; {@code vlan} is the VLAN the L2 hash uses (the bridge-internal VLAN; negative: the packet's outer
 * VLAN id) — see {@link BondOutput}.
 * Opcodes are stable numbers; later features (bond bucket output, meters, tunnel push/pop, recirculation)
 * add new opcodes and a case in {@link ActionExecutor} without changing the encoding of existing ones. An
 * unknown opcode drops the packets it applies to (counted as ACTION_FAILED), never throws.
 */
public final class Actions {
    public static final int OUTPUT = 1;
    public static final int DROP = 2;
    public static final int PUSH_VLAN = 3;
    public static final int POP_VLAN = 4;
    public static final int SET_ETH_SRC = 5;
    public static final int SET_ETH_DST = 6;
    public static final int SET_VLAN_VID = 7;
    public static final int SET_VLAN_PCP = 8;
    public static final int BOND_OUTPUT = 9;
    public static final int SLOW_PATH = 10;
    public static final int METER = 11;
    public static final int SET_QUEUE = 12;

    /** The empty list: drop. */
    public static final int[] DROP_ALL = new int[0];

    private Actions() {
    }

    public static int header(int opcode, int lengthInInts) {
        return opcode << 24 | lengthInInts;
    }

    public static int opcode(int header) {
        return header >>> 24;
    }

    public static int length(int header) {
        return header & 0xffff;
    }

    /** A builder for action lists (slow path; allocates). */
    public static Builder builder() {
        return new Builder();
    }

    /** Renders a list in the style of {@code ovs-dpctl dump-flows} actions (e.g. {@code push_vlan(vid=10,pcp=0),2}). */
    public static String toString(int[] actions) {
        if (actions.length == 0) {
            return "drop";
        }
        StringBuilder sb = new StringBuilder();
        int pc = 0;
        while (pc < actions.length) {
            int h = actions[pc];
            int len = Math.max(1, length(h));
            if (sb.length() > 0) {
                sb.append(',');
            }
            switch (opcode(h)) {
                case OUTPUT -> sb.append(actions[pc + 1]);
                case DROP -> sb.append("drop");
                case PUSH_VLAN -> {
                    int v = actions[pc + 1];
                    int tpid = v >>> 16;
                    int tci = v & 0xffff;
                    if (tpid != 0x8100) {
                        sb.append(String.format("push_vlan(tpid=0x%x,vid=%d,pcp=%d)", tpid, tci & 0xfff, tci >>> 13));
                    } else {
                        sb.append("push_vlan(vid=").append(tci & 0xfff).append(",pcp=").append(tci >>> 13).append(')');
                    }
                }
                case POP_VLAN -> sb.append("pop_vlan");
                case SET_ETH_SRC -> sb.append("set(eth(src=").append(mac(actions, pc + 1)).append("))");
                case SET_ETH_DST -> sb.append("set(eth(dst=").append(mac(actions, pc + 1)).append("))");
                case SET_VLAN_VID -> sb.append("set_vlan_vid(").append(actions[pc + 1]).append(')');
                case SET_VLAN_PCP -> sb.append("set_vlan_pcp(").append(actions[pc + 1]).append(')');
                case BOND_OUTPUT -> sb.append("lb_output(").append(actions[pc + 1]).append(')');
                case METER -> sb.append("meter(").append(actions[pc + 1]).append(')');
                case SET_QUEUE -> sb.append("set(skb_priority(").append(actions[pc + 1]).append("))");
                case SLOW_PATH -> sb.append("userspace(slow_path(")
                        .append(io.jvswitch.dataplane.slowpath.SlowPath.name(actions[pc + 1])).append("))");
                default -> sb.append("unknown(").append(opcode(h)).append(')');
            }
            pc += len;
        }
        return sb.toString();
    }

    private static String mac(int[] a, int i) {
        long m = ((long) (a[i] & 0xffff) << 32) | (a[i + 1] & 0xffffffffL);
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", (m >>> 40) & 0xff, (m >>> 32) & 0xff,
                (m >>> 24) & 0xff, (m >>> 16) & 0xff, (m >>> 8) & 0xff, m & 0xff);
    }

    /** Accumulates instructions; {@link #build()} returns the encoded list. */
    public static final class Builder {
        private int[] buf = new int[16];
        private int n;

        private Builder put(int... v) {
            while (n + v.length > buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            System.arraycopy(v, 0, buf, n, v.length);
            n += v.length;
            return this;
        }

        public Builder output(int port) {
            return put(header(OUTPUT, 2), port);
        }

        public Builder drop() {
            return put(header(DROP, 1));
        }

        public Builder pushVlan(int tpid, int tci) {
            return put(header(PUSH_VLAN, 2), (tpid & 0xffff) << 16 | (tci & 0xffff));
        }

        public Builder popVlan() {
            return put(header(POP_VLAN, 1));
        }

        public Builder setEthSrc(long mac) {
            return put(header(SET_ETH_SRC, 3), (int) (mac >>> 32) & 0xffff, (int) mac);
        }

        public Builder setEthDst(long mac) {
            return put(header(SET_ETH_DST, 3), (int) (mac >>> 32) & 0xffff, (int) mac);
        }

        public Builder setVlanVid(int vid) {
            return put(header(SET_VLAN_VID, 2), vid & 0xfff);
        }

        public Builder setVlanPcp(int pcp) {
            return put(header(SET_VLAN_PCP, 2), pcp & 7);
        }

        /**
         * Output to bond {@code bondId}: each packet goes to the member of its bucket in the bond's current
         * table; the L2 hash (and L4's non-IP fallback) uses the packet's own outer VLAN id.
         */
        public Builder bondOutput(int bondId) {
            return bondOutput(bondId, -1);
        }

        /** {@link #bondOutput(int)} with the VLAN the L2 hash uses (OVS: the bridge-internal VLAN, 0 for none). */
        public Builder bondOutput(int bondId, int vlan) {
            return put(header(BOND_OUTPUT, 3), bondId, vlan < 0 ? -1 : vlan & 0xfff);
        }

        /** Copy the packet to the slow-path queue with {@code reason} ({@code SlowPath.LACP}...). */
        public Builder slowPath(int reason) {
            return put(header(SLOW_PATH, 2), reason);
        }

        /** Runs datapath meter {@code meterId} (OpenFlow {@code meter:N}). */
        public Builder meter(int meterId) {
            return put(header(METER, 2), meterId);
        }

        /** Sets the packets' QoS queue id (OpenFlow {@code set_queue:N}). */
        public Builder setQueue(int queueId) {
            return put(header(SET_QUEUE, 2), queueId);
        }

        /** Appends an instruction of a kind defined elsewhere (extensions). */
        public Builder raw(int opcode, int... args) {
            int[] v = new int[args.length + 1];
            v[0] = header(opcode, args.length + 1);
            System.arraycopy(args, 0, v, 1, args.length);
            return put(v);
        }

        public int[] build() {
            return java.util.Arrays.copyOf(buf, n);
        }
    }
}
