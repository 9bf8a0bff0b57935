package io.jvswitch.control.ovsdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which vswitchd runs on each side of {@link BondInteropSystemTest}: switch A ({@code a}) and switch B ({@code b}),
 * each Open vSwitch's own {@code ovs-vswitchd} or jvswitch ({@link VswitchdKind}). Written {@code A-B}, e.g.
 * {@code JVSWITCH-OVS}: jvswitch on side A (where the test takes member links down), OVS on side B.
 *
 * <p>The pairs run: {@code -Dbond.interop.pairs=OVS-OVS,JVSWITCH-OVS} names them; without it, every pair of the
 * kinds {@link VswitchdKind#selected()} allows (so {@code -Dvswitchd.kinds=OVS} runs OVS-OVS only, and nothing set
 * runs all four).
 */
record BondInteropPair(VswitchdKind a, VswitchdKind b) {
    /** The system property naming the pairs to run, comma-separated. */
    static final String PAIRS_PROPERTY = "bond.interop.pairs";

    /** {@code "OVS-JVSWITCH"} → OVS on A, jvswitch on B. */
    static BondInteropPair parse(String s) {
        String[] k = s.trim().split("-");
        if (k.length != 2) {
            throw new IllegalArgumentException(PAIRS_PROPERTY + ": '" + s + "' is not SIDEA-SIDEB, e.g. OVS-JVSWITCH");
        }
        return new BondInteropPair(VswitchdKind.valueOf(k[0].trim()), VswitchdKind.valueOf(k[1].trim()));
    }

    /** The pairs to run (for {@code @MethodSource}). */
    static Stream<BondInteropPair> selected() {
        String p = System.getProperty(PAIRS_PROPERTY, "").trim();
        if (!p.isEmpty()) {
            return Arrays.stream(p.split(",")).map(BondInteropPair::parse);
        }
        List<BondInteropPair> all = new ArrayList<>();
        for (VswitchdKind a : VswitchdKind.selected().toList()) {
            for (VswitchdKind b : VswitchdKind.selected().toList()) {
                all.add(new BondInteropPair(a, b));
            }
        }
        return all.stream();
    }

    @Override
    public String toString() {
        return a + "-" + b;
    }
}
