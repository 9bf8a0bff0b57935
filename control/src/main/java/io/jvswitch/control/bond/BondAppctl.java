package io.jvswitch.control.bond;

import io.jvswitch.bonding.bond.BondText;
import io.jvswitch.bonding.bond.Reply;
import io.jvswitch.control.unixctl.UnixctlException;
import io.jvswitch.control.unixctl.UnixctlServer;

import java.util.function.Supplier;

/**
 * The bond and LACP commands of ovs-vswitchd's unixctl, with OVS 3.1's names, usages and arities:
 * {@code bond/list}, {@code bond/show [port]}, {@code bond/hash mac [vlan] [basis]},
 * {@code bond/set-active-member port member}, {@code bond/enable-member port member},
 * {@code bond/disable-member port member} (and the pre-2.15 {@code -slave} spellings OVS still accepts),
 * {@code lacp/show [port]}, {@code lacp/show-stats [port]}. Texts come from {@link BondController}.
 */
public final class BondAppctl {
    private BondAppctl() {
    }

    public static void register(UnixctlServer server, BondController bonds) {
        server.register("bond/list", "", 0, 0, args -> bonds.bondList());
        server.register("bond/show", "[port]", 0, 1, args -> call(() -> bonds.bondShow(arg(args, 0))));
        server.register("bond/hash", "mac [vlan] [basis]", 1, 3,
                args -> reply(BondText.hash(args[0], arg(args, 1), arg(args, 2))));
        for (String active : new String[] {"bond/set-active-member", "bond/set-active-slave"}) {
            server.register(active, "port member", 2, 2,
                    args -> reply(callReply(() -> bonds.setActiveMember(args[0], args[1]))));
        }
        for (String enable : new String[] {"bond/enable-member", "bond/enable-slave"}) {
            server.register(enable, "port member", 2, 2,
                    args -> reply(callReply(() -> bonds.setMemberEnabled(args[0], args[1], true))));
        }
        for (String disable : new String[] {"bond/disable-member", "bond/disable-slave"}) {
            server.register(disable, "port member", 2, 2,
                    args -> reply(callReply(() -> bonds.setMemberEnabled(args[0], args[1], false))));
        }
        server.register("lacp/show", "[port]", 0, 1, args -> call(() -> bonds.lacpShow(arg(args, 0))));
        server.register("lacp/show-stats", "[port]", 0, 1, args -> call(() -> bonds.lacpShowStats(arg(args, 0))));
    }

    private static String arg(String[] args, int i) {
        return args.length > i ? args[i] : null;
    }

    private static String call(Supplier<String> s) throws UnixctlException {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new UnixctlException(e.getMessage());
        }
    }

    private static Reply callReply(Supplier<Reply> s) throws UnixctlException {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new UnixctlException(e.getMessage());
        }
    }

    private static String reply(Reply r) throws UnixctlException {
        if (r.error()) {
            throw new UnixctlException(r.text());
        }
        return r.text();
    }
}
