package io.jvswitch.benchmarks.e2e;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --key value} arguments of the end-to-end tools; an unknown key or a missing value is an error. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, Set<String> known, String usage) {
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (k.equals("-h") || k.equals("--help")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (!known.contains(k) || i + 1 >= args.length) {
                System.err.println((known.contains(k) ? "missing value for " : "unknown argument ") + k);
                System.err.println(usage);
                System.exit(2);
            }
            values.put(k, args[++i]);
        }
    }

    String get(String key, String dflt) {
        String v = values.get(key);
        if (v == null && dflt == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v == null ? dflt : v;
    }

    int getInt(String key, int dflt) {
        return Integer.parseInt(get(key, Integer.toString(dflt)));
    }

    double getDouble(String key, double dflt) {
        return Double.parseDouble(get(key, Double.toString(dflt)));
    }
}
