package io.jvswitch.control.config;

import io.jvswitch.control.model.SwitchConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reloads a config file all or nothing: a reload either yields a complete new valid config or leaves the current
 * one in place and says why (file, line, reason). The caller applies {@link Applied#config()} and keeps running its
 * old config on {@link Rejected}; nothing is ever half applied. Thread-safe: reloads are serialized and
 * {@link #current()} may be read from any thread.
 */
public final class ConfigReloader {
    /** What a reload did. {@link #config()} is the config in effect afterwards. */
    public sealed interface Outcome permits Applied, Rejected {
        SwitchConfig config();
    }

    /** The file was valid: {@code config} replaces the previous one ({@code changed} false if it is equal). */
    public record Applied(SwitchConfig config, List<Diagnostic> warnings, boolean changed) implements Outcome { }

    /** The file was not valid: {@code config} is the previous one, kept; {@code error} says why. */
    public record Rejected(SwitchConfig config, ConfigException error) implements Outcome { }

    private final Path file;
    private volatile SwitchConfig current;

    /** A reloader for {@code file} whose config in effect is {@code initial} (e.g. empty before the first load). */
    public ConfigReloader(Path file, SwitchConfig initial) {
        this.file = Objects.requireNonNull(file);
        this.current = Objects.requireNonNull(initial);
    }

    /** Loads {@code file} once (throwing when it is invalid) and returns a reloader holding it. */
    public static ConfigReloader start(Path file) throws ConfigException {
        return new ConfigReloader(file, ConfigFile.load(file));
    }

    /** The last config that loaded successfully. */
    public SwitchConfig current() {
        return current;
    }

    public Path file() {
        return file;
    }

    /** Reads the file again; see {@link Outcome}. */
    public synchronized Outcome reload() {
        try {
            LoadedConfig loaded = ConfigFile.loadWithWarnings(file);
            boolean changed = !loaded.config().equals(current);
            current = loaded.config();
            return new Applied(loaded.config(), loaded.warnings(), changed);
        } catch (ConfigException e) {
            return new Rejected(current, e);
        }
    }
}
