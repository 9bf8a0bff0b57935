package io.jvswitch.control.config;

import io.jvswitch.control.model.SwitchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReloaderTest {
    private static final String VALID = """
            {"bridges": [{"name": "br0", "ports": [
              {"name": "p1", "tag": 10},
              {"name": "p2", "tag": 20}
            ]}]}
            """;
    private static final String INVALID = """
            {"bridges": [{"name": "br0", "ports": [
              {"name": "p1", "tag": 10},
              {"name": "p2", "tag": 5000}
            ]}]}
            """;
    private static final String FIXED = """
            {"bridges": [{"name": "br0", "ports": [
              {"name": "p1", "tag": 10},
              {"name": "p2", "tag": 30}
            ]}]}
            """;

    @Test
    void anInvalidEditIsRejectedWithItsLineAndTheOldConfigStays(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("br.json");
        Files.writeString(f, VALID);
        ConfigReloader reloader = ConfigReloader.start(f);
        SwitchConfig first = reloader.current();
        assertEquals(20, first.bridges().getFirst().ports().get(1).tag());

        Files.writeString(f, INVALID);
        ConfigReloader.Rejected rejected = assertInstanceOf(ConfigReloader.Rejected.class, reloader.reload());
        assertEquals(f + ":3:25: bridge \"br0\" port \"p2\": tag 5000 out of range 0..4095",
                rejected.error().getMessage());
        assertSame(first, rejected.config());
        assertSame(first, reloader.current());

        Files.writeString(f, "{\"bridges\": [");
        assertInstanceOf(ConfigReloader.Rejected.class, reloader.reload());
        Files.delete(f);
        assertInstanceOf(ConfigReloader.Rejected.class, reloader.reload());
        assertSame(first, reloader.current());

        Files.writeString(f, FIXED);
        ConfigReloader.Applied applied = assertInstanceOf(ConfigReloader.Applied.class, reloader.reload());
        assertTrue(applied.changed());
        assertEquals(30, applied.config().bridges().getFirst().ports().get(1).tag());
        assertSame(applied.config(), reloader.current());

        ConfigReloader.Applied again = assertInstanceOf(ConfigReloader.Applied.class, reloader.reload());
        assertFalse(again.changed());
    }

    @Test
    void startFailsOnAnInvalidFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("br.json");
        Files.writeString(f, INVALID);
        assertThrows(ConfigException.class, () -> ConfigReloader.start(f));
        ConfigReloader r = new ConfigReloader(f, SwitchConfig.empty());
        assertInstanceOf(ConfigReloader.Rejected.class, r.reload());
        assertEquals(SwitchConfig.empty(), r.current());
    }
}
