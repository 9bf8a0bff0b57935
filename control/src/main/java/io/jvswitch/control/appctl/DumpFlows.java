package io.jvswitch.control.appctl;

import io.jvswitch.control.daemon.FlowView;
import io.jvswitch.dataplane.action.Actions;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * {@code ovs-appctl dpctl/dump-flows [-m]} text, as OVS 3.1 prints a userspace datapath's flows
 * ({@code lib/dpctl.c dpctl_dump_flows}, {@code format_dpif_flow}; {@code lib/dpif.c dpif_flow_stats_format}):
 * a {@code flow-dump from pmd on cpu core: N} header whenever the owning PMD changes, then per flow
 * {@code [ufid:UUID, ]KEY, packets:N, bytes:N, used:S.SSSs|never[, flags:F][, dp:ovs], actions:A}.
 * Our flows all live on PMDs, so there is never a {@code main thread} section. Our flow ids are 64-bit; the
 * {@code ufid} shown is that id in the low bits of a UUID.
 */
public final class DumpFlows {
    private DumpFlows() {
    }

    /** @param portName datapath port to interface name, for {@code -m} (OVS prints names then) */
    public static String format(List<FlowView> flows, boolean verbose, IntFunction<String> portName) {
        StringBuilder sb = new StringBuilder();
        int core = Integer.MIN_VALUE;
        for (FlowView f : flows) {
            if (f.core() != core) {
                core = f.core();
                sb.append("flow-dump from pmd on cpu core: ").append(core).append('\n');
            }
            if (verbose) {
                sb.append("ufid:").append(new UUID(0, f.id())).append(", ");
            }
            OdpFlowFormat.format(f.maskedKey(), f.mask(), verbose, verbose ? portName : null, sb);
            sb.append(", packets:").append(f.packets()).append(", bytes:").append(f.bytes()).append(", used:");
            if (f.idleNanos() < 0) {
                sb.append("never");
            } else {
                sb.append(String.format(Locale.ROOT, "%.3fs", f.idleNanos() / 1e9));
            }
            if (f.tcpFlags() != 0) {
                sb.append(", flags:").append(tcpFlags(f.tcpFlags()));
            }
            if (verbose) {
                sb.append(", dp:ovs");
            }
            sb.append(", actions:");
            actions(f.actions(), verbose ? portName : null, sb);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** OVS {@code packet_format_tcp_flags}. */
    static String tcpFlags(int f) {
        StringBuilder s = new StringBuilder();
        String[] marks = {"S", "F", "P", "R", "U", ".", "E", "C", "N", "[200]", "[400]", "[800]"};
        int[] bits = {0x02, 0x01, 0x08, 0x04, 0x20, 0x10, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800};
        for (int i = 0; i < bits.length; i++) {
            if ((f & bits[i]) != 0) {
                s.append(marks[i]);
            }
        }
        return s.isEmpty() ? "none" : s.toString();
    }

    /** The action list in OVS's datapath action text ({@link Actions#toString}), output ports named if asked. */
    static void actions(int[] a, IntFunction<String> portName, StringBuilder sb) {
        if (portName == null) {
            sb.append(Actions.toString(a));
            return;
        }
        int pc = 0;
        boolean first = true;
        while (pc < a.length) {
            int len = Math.max(1, Actions.length(a[pc]));
            if (!first) {
                sb.append(',');
            }
            first = false;
            if (Actions.opcode(a[pc]) == Actions.OUTPUT) {
                String n = portName.apply(a[pc + 1]);
                sb.append(n != null ? n : Integer.toString(a[pc + 1]));
            } else {
                sb.append(Actions.toString(java.util.Arrays.copyOfRange(a, pc, Math.min(a.length, pc + len))));
            }
            pc += len;
        }
        if (a.length == 0) {
            sb.append("drop");
        }
    }
}
