package io.jvswitch.control.config;

/**
 * One finding of the {@link ConfigValidator} (or of the file parser): an error makes a configuration unusable, a
 * warning reports something OVS would accept but ignore or adjust (a tag on a trunk port, a clamped
 * mac-aging-time).
 */
public record ConfigProblem(Severity severity, ConfigPath path, String message) {

    /** How bad a problem is. */
    public enum Severity { ERROR, WARNING }

    public static ConfigProblem error(ConfigPath path, String message) {
        return new ConfigProblem(Severity.ERROR, path, message);
    }

    public static ConfigProblem warning(ConfigPath path, String message) {
        return new ConfigProblem(Severity.WARNING, path, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code bridge "br0" port "p1": tag 5000 out of range 0..4095}; warnings start with {@code warning: }. */
    @Override
    public String toString() {
        return (isError() ? "" : "warning: ") + (path.isRoot() ? "" : path + ": ") + message;
    }
}
