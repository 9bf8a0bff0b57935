package io.jvswitch.control.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each object and field of a parsed config file starts (line and column of its value), so that problems
 * found later on the model can point to the line. Lookup falls back from a field to its enclosing field, to its
 * object, to the enclosing objects.
 */
final class SourceMap {
    /** A 1-based position in the source. */
    record Location(int line, int column) { }

    private final Map<String, Location> locations = new HashMap<>();

    void put(ConfigPath path, int line, int column) {
        locations.putIfAbsent(path.key(), new Location(line, column));
    }

    /** The most specific location known for {@code path}; null when there is none. */
    Location find(ConfigPath path) {
        ConfigPath p = path;
        while (true) {
            Location l = locations.get(p.key());
            if (l != null) {
                return l;
            }
            if (p.key().equals(ConfigPath.ROOT.key())) {
                return null;
            }
            p = p.parent();
        }
    }

    Diagnostic place(String source, ConfigProblem problem) {
        Location l = find(problem.path());
        return l == null ? new Diagnostic(source, 0, 0, problem)
                : new Diagnostic(source, l.line(), l.column(), problem);
    }
}
