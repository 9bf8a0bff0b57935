package io.jvswitch.control.config;

import io.jvswitch.control.model.PmdIdle;
import io.jvswitch.control.model.PmdSettings;
import io.jvswitch.control.model.RxqAffinity;
import io.jvswitch.control.model.SwitchConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The PMD keys of the config file: other_config at the top level and on an interface. */
class PmdConfigKeysTest {
    private static final String FILE = """
            {
              "other_config": { "pmd-cpu-mask": "0x6", "pmd-idle": "backoff", "pmd-rxq-assign": "roundrobin" },
              "bridges": [ { "name": "br0", "ports": [
                { "name": "p1", "interfaces": [
                  { "name": "p1", "type": "dummy", "options": { "n_rxq": "2" },
                    "other_config": { "pmd-rxq-affinity": "0:1,1:2" } } ] },
                { "name": "p2" } ] } ]
            }
            """;

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> ConfigFile.parse(text, "s.json")).getMessage();
    }

    @Test
    void parsedIntoTheModelAndWrittenBackEqual() throws ConfigException {
        SwitchConfig cfg = ConfigFile.parse(FILE, "s.json");
        assertEquals(Map.of("pmd-cpu-mask", "0x6", "pmd-idle", "backoff", "pmd-rxq-assign", "roundrobin"),
                cfg.otherConfig());
        PmdSettings s = PmdSettings.of(cfg.otherConfig());
        assertEquals(List.of(1, 2), s.cores());
        assertEquals(PmdIdle.BACKOFF, s.idle());
        assertEquals(Map.of(0, 1, 1, 2), RxqAffinity.parse(cfg.bridges().getFirst().ports().getFirst().interfaces()
                .getFirst().otherConfig().get("pmd-rxq-affinity")));
        assertEquals(cfg, ConfigFile.parse(ConfigFile.toJson(cfg), "again.json"));
    }

    @Test
    void cpuMasksInOvsSyntax() {
        assertEquals(List.of(0), PmdSettings.parseCpuMask("1"));
        assertEquals(List.of(0, 4, 5, 7), PmdSettings.parseCpuMask("0xB1"));
        assertEquals(List.of(64), PmdSettings.parseCpuMask("0x10000000000000000"));
        assertThrows(IllegalArgumentException.class, () -> PmdSettings.parseCpuMask("0x0"));
        assertThrows(IllegalArgumentException.class, () -> PmdSettings.parseCpuMask("cores 1-2"));
        assertNull(PmdSettings.of(Map.of()).cores(), "unset: the default placement");
    }

    /** The 1-based column of {@code value} in {@code line}: errors point at the value. */
    private static int col(String line, String value) {
        return line.indexOf(value) + 1;
    }

    @Test
    void badValuesAreErrorsAtTheirPlace() {
        String mask = "{ \"other_config\": { \"pmd-cpu-mask\": \"zz\" }, \"bridges\": [] }";
        assertEquals("s.json:1:" + col(mask, "\"zz\"") + ": pmd-cpu-mask \"zz\" is not a hex CPU mask", error(mask));
        String idle = "{ \"other_config\": { \"pmd-idle\": \"nap\" }, \"bridges\": [] }";
        assertEquals("s.json:1:" + col(idle, "\"nap\"") + ": pmd-idle \"nap\" must be busy or backoff", error(idle));
        String assign = "{ \"other_config\": { \"pmd-rxq-assign\": \"cycles\" }, \"bridges\": [] }";
        assertEquals("s.json:1:" + col(assign, "\"cycles\"")
                + ": pmd-rxq-assign \"cycles\" is not supported (only roundrobin)", error(assign));
        String line2 = "  { \"name\": \"p1\", \"other_config\": { \"pmd-rxq-affinity\": \"0-3\" } } ] } ] } ] }";
        String msg = error("{ \"bridges\": [ { \"name\": \"br0\", \"ports\": [ { \"name\": \"p1\", \"interfaces\": [\n"
                + line2 + "\n");
        assertEquals("s.json:2:" + col(line2, "\"0-3\"") + ": bridge \"br0\" port \"p1\" interface \"p1\": "
                + "pmd-rxq-affinity entry \"0-3\" is not queue:core", msg);
        String unknown = "  { \"name\": \"p1\", \"other_config\": { \"pmd-rxq-isolate\": \"false\" } } ] } ] } ] }";
        msg = error("{ \"bridges\": [ { \"name\": \"br0\", \"ports\": [ { \"name\": \"p1\", \"interfaces\": [\n"
                + unknown + "\n");
        assertEquals("s.json:2:" + col(unknown, "\"false\"") + ": bridge \"br0\" port \"p1\" interface "
                + "\"p1\": unknown other_config key \"pmd-rxq-isolate\" (known: pmd-rxq-affinity, lacp-port-id, "
                + "lacp-port-priority, lacp-aggregation-key)", msg);
    }
}
