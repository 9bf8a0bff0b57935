package io.jvswitch.control.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used: bad JSON, a wrong shape, or a rule of {@link ConfigValidator} broken. The
 * message lists every error, one per line, each with its file, line and column when it came from a file
 * ({@code br.json:7:18: bridge "br0" port "p1": tag 5000 out of range 0..4095}).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public ConfigException(List<Diagnostic> diagnostics) {
        super(format(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** One error at a place in a source ({@code line} 0 when unknown). */
    public static ConfigException of(String source, int line, int column, String message) {
        return new ConfigException(List.of(new Diagnostic(source, line, column,
                ConfigProblem.error(ConfigPath.ROOT, message))));
    }

    /** Everything found, errors and warnings, in source order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The errors only. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    private static String format(List<Diagnostic> diagnostics) {
        return diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::toString)
                .collect(Collectors.joining("\n"));
    }
}
