package io.jvswitch.control.config;

import io.jvswitch.control.model.SwitchConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The standalone config file: the embedded default, describing bridges, ports and VLANs in JSON named after the
 * Open_vSwitch schema (docs/config-file.md). Loading is all or nothing: it returns a validated, normalized
 * {@link SwitchConfig}, or throws a {@link ConfigException} whose message gives file, line, column and reason for
 * every error ({@code br.json:7:18: bridge "br0" port "p1": tag 5000 out of range 0..4095}).
 */
public final class ConfigFile {
    private static final Comparator<Diagnostic> BY_POSITION =
            Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column);

    private ConfigFile() {
    }

    /** Reads, checks and normalizes {@code file}; unreadable files are ConfigExceptions too. */
    public static SwitchConfig load(Path file) throws ConfigException {
        return loadWithWarnings(file).config();
    }

    /** {@link #load}, keeping the warnings (ignored trunks, clamped MAC-table settings...). */
    public static LoadedConfig loadWithWarnings(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.of(file.toString(), 0, 0, "cannot read: " + e);
        }
        return parseWithWarnings(text, file.toString());
    }

    /** Parses config text; {@code sourceName} (a file name) starts every message. */
    public static SwitchConfig parse(String text, String sourceName) throws ConfigException {
        return parseWithWarnings(text, sourceName).config();
    }

    /** {@link #parse}, keeping the warnings. */
    public static LoadedConfig parseWithWarnings(String text, String sourceName) throws ConfigException {
        ConfigParser.Result parsed = ConfigParser.parse(text, sourceName);
        if (!parsed.problems().isEmpty()) {
            throw new ConfigException(sorted(parsed.problems()));
        }
        List<Diagnostic> found = new ArrayList<>();
        for (ConfigProblem problem : ConfigValidator.validateStrict(parsed.config())) {
            found.add(parsed.map().place(sourceName, problem));
        }
        List<Diagnostic> all = sorted(found);
        if (all.stream().anyMatch(Diagnostic::isError)) {
            throw new ConfigException(all);
        }
        return new LoadedConfig(ConfigValidator.normalize(parsed.config()), all);
    }

    /** The config in the file format; {@link #parse} of the result gives an equal config when it is valid. */
    public static String toJson(SwitchConfig config) {
        return ConfigWriter.toJson(config);
    }

    /** Writes {@link #toJson} to {@code file}, atomically replacing it (a temporary file in the same directory). */
    public static void save(SwitchConfig config, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, toJson(config), StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
        List<Diagnostic> copy = new ArrayList<>(diagnostics);
        copy.sort(BY_POSITION);
        return copy;
    }
}
