package io.jvswitch.control.config;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.SwitchConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example under docs/examples loads without errors or warnings, and survives a round trip. */
class DocsExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @Test
    void everyExampleLoadsCleanly() throws Exception {
        assertTrue(Files.isDirectory(EXAMPLES), EXAMPLES.toAbsolutePath().toString());
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            LoadedConfig loaded = ConfigFile.loadWithWarnings(f);
            assertEquals(List.of(), loaded.warnings(), f.toString());
            assertEquals(loaded.config(), ConfigFile.parse(ConfigFile.toJson(loaded.config()), f + " (saved)"));
        }
    }

    @Test
    void theFullExamplesInConfigFileMdAreValid() throws Exception {
        String md = Files.readString(Path.of("..", "docs", "config-file.md"));
        Matcher m = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(md);
        int checked = 0;
        while (m.find()) {
            if (m.group(1).contains("\"bridges\"")) {
                LoadedConfig loaded = ConfigFile.parseWithWarnings(m.group(1), "config-file.md");
                assertEquals(List.of(), loaded.warnings());
                checked++;
            }
        }
        assertTrue(checked > 0);
    }

    @Test
    void theHypervisorExampleHasTwoPatchedBridges() throws Exception {
        SwitchConfig c = ConfigFile.load(EXAMPLES.resolve("two-bridges.json"));
        assertEquals(List.of("br0", "br1"), c.bridges().stream().map(BridgeConfig::name).toList());
        assertEquals("patch-br0", c.bridges().get(0).ports().get(5).interfaces().getFirst().options().get("peer"));
    }
}
