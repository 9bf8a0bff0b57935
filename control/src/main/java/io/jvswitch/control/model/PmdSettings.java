package io.jvswitch.control.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PMD settings of the Open_vSwitch table's {@code other_config}, parsed:
 * <ul>
 *   <li>{@code pmd-cpu-mask}: hex CPU mask, {@code 0x} optional (OVS syntax): one PMD thread per set bit, pinned
 *       to that core. Unset: one PMD on the last core the process may use.</li>
 *   <li>{@code pmd-idle}: {@code busy} (default) or {@code backoff} ({@link PmdIdle}; a jvswitch key).</li>
 *   <li>{@code pmd-rxq-assign}: only {@code roundrobin} (OVS's other modes, {@code cycles} and {@code group},
 *       are not implemented).</li>
 * </ul>
 *
 * @param cores the PMD cores in ascending order, or null for the default
 * @param idle  the idle mode, or null for the default (busy)
 */
public record PmdSettings(List<Integer> cores, PmdIdle idle) {
    public static final String CPU_MASK = "pmd-cpu-mask";
    public static final String IDLE = "pmd-idle";
    public static final String RXQ_ASSIGN = "pmd-rxq-assign";
    /** Keys of the switch's other_config jvswitch accepts. */
    public static final List<String> KEYS = List.of(CPU_MASK, IDLE, RXQ_ASSIGN);
    /** glibc's CPU_SETSIZE: cores 0..1023. */
    public static final int MAX_CORES = 1024;

    public PmdSettings {
        cores = cores == null ? null : List.copyOf(cores);
    }

    /** Parses the switch's other_config; throws {@link IllegalArgumentException} for a bad or unknown key. */
    public static PmdSettings of(Map<String, String> otherConfig) {
        for (String k : otherConfig.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown other_config key \"" + k + "\" (known: "
                        + String.join(", ", KEYS) + ")");
            }
        }
        String mask = otherConfig.get(CPU_MASK);
        List<Integer> cores = mask == null ? null : parseCpuMask(mask);
        String idleText = otherConfig.get(IDLE);
        PmdIdle idle = null;
        if (idleText != null) {
            idle = PmdIdle.parse(idleText);
            if (idle == null) {
                throw new IllegalArgumentException("pmd-idle \"" + idleText + "\" must be busy or backoff");
            }
        }
        String assign = otherConfig.get(RXQ_ASSIGN);
        if (assign != null && !"roundrobin".equals(assign.trim())) {
            throw new IllegalArgumentException("pmd-rxq-assign \"" + assign + "\" is not supported (only roundrobin)");
        }
        return new PmdSettings(cores, idle);
    }

    /** The problem with the switch's other_config, or null. */
    public static String problem(Map<String, String> otherConfig) {
        try {
            of(otherConfig);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** {@code "0x6"} → [1, 2]. Throws {@link IllegalArgumentException} for a malformed or empty mask. */
    public static List<Integer> parseCpuMask(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("0x")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || !s.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("pmd-cpu-mask \"" + text + "\" is not a hex CPU mask");
        }
        List<Integer> cores = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            int nibble = Character.digit(s.charAt(s.length() - 1 - i), 16);
            for (int b = 0; b < 4; b++) {
                if ((nibble & 1 << b) != 0) {
                    int core = i * 4 + b;
                    if (core >= MAX_CORES) {
                        throw new IllegalArgumentException("pmd-cpu-mask \"" + text + "\" names core " + core
                                + " (cores go up to " + (MAX_CORES - 1) + ")");
                    }
                    cores.add(core);
                }
            }
        }
        if (cores.isEmpty()) {
            throw new IllegalArgumentException("pmd-cpu-mask \"" + text + "\" selects no core");
        }
        return cores;
    }
}
