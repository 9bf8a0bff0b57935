package io.jvswitch.flowcache;

/**
 * IPv6 address text as glibc's {@code inet_ntop(AF_INET6)} writes it (what OVS prints): lower-case hex
 * groups without leading zeros, the first longest run of two or more zero groups written {@code ::}, and
 * a dotted IPv4 tail for {@code ::a.b.c.d} (six zero groups) and {@code ::ffff:a.b.c.d}.
 */
final class Ipv6Text {
    private Ipv6Text() {
    }

    /** Appends the address whose first 64 bits are {@code hi} and last 64 bits {@code lo}. */
    static void append(StringBuilder out, long hi, long lo) {
        int[] w = new int[8];
        for (int i = 0; i < 4; i++) {
            w[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            w[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (w[i] == 0) {
                if (curBase < 0) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
                if (curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
            } else {
                curBase = -1;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    out.append(':');
                }
                continue;
            }
            if (i != 0) {
                out.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                OvsFlowFormat.appendIpv4(out, (w[6] << 16) | w[7]);
                return;
            }
            out.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            out.append(':');
        }
    }
}
