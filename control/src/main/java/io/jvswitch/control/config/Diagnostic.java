package io.jvswitch.control.config;

/**
 * A {@link ConfigProblem} placed in a source: {@code br.json:7:18: bridge "br0" port "p1": tag 5000 out of range
 * 0..4095}. {@code source} is null for a configuration that did not come from a file (the embedding API);
 * {@code line}/{@code column} are 1-based, 0 when unknown.
 */
public record Diagnostic(String source, int line, int column, ConfigProblem problem) {

    public boolean isError() {
        return problem.isError();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (line > 0) {
                sb.append(':').append(line).append(':').append(column);
            }
            sb.append(": ");
        }
        return sb.append(problem).toString();
    }
}
