package io.jvswitch.control.config;

import io.jvswitch.control.model.SwitchConfig;

import java.util.List;

/** A valid configuration read from a file, ready to apply, and the warnings found on the way (with lines). */
public record LoadedConfig(SwitchConfig config, List<Diagnostic> warnings) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
