package io.jvswitch.control.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error names the file, line and column, and the reason. */
class ConfigFileErrorTest {

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> ConfigFile.parse(text, "br.json")).getMessage();
    }

    @Test
    void aTagOutOfRangePointsAtTheValue() {
        String text = """
                {
                  "bridges": [
                    {
                      "name": "br0",
                      "ports": [
                        { "name": "p0" },
                        { "name": "p1", "tag": 5000 }
                      ]
                    }
                  ]
                }
                """;
        assertEquals("br.json:7:32: bridge \"br0\" port \"p1\": tag 5000 out of range 0..4095", error(text));
    }

    @Test
    void missingCommaIsASyntaxErrorAtItsLineAndColumn() {
        String text = """
                {"bridges": [
                  {"name": "br0"
                   "ports": []}
                ]}
                """;
        String msg = error(text);
        assertTrue(msg.startsWith("br.json:3:4: syntax error: Unexpected character ('\"'"), msg);
    }

    @Test
    void unterminatedInputIsASyntaxError() {
        String msg = error("{\"bridges\": [\n");
        assertTrue(msg.startsWith("br.json:2:1: syntax error: Unexpected end-of-input"), msg);
        assertTrue(!msg.contains("REDACTED"), msg);
    }

    @Test
    void trailingCommaIsASyntaxError() {
        String msg = error("{\"bridges\": [{\"name\": \"br0\"},]}");
        assertTrue(msg.startsWith("br.json:1:30: syntax error: "), msg);
    }

    @Test
    void duplicateKeysAreSyntaxErrors() {
        String msg = error("{\"bridges\": [{\"name\": \"br0\",\n \"name\": \"br1\"}]}");
        assertTrue(msg.startsWith("br.json:2:"), msg);
        assertTrue(msg.contains("Duplicate field 'name'"), msg);
    }

    @Test
    void contentAfterTheTopLevelObjectIsAnError() {
        assertEquals("br.json:1:4: unexpected content after the top-level object", error("{} {}"));
    }

    @Test
    void anEmptyFileIsAnError() {
        assertEquals("br.json:1:1: empty file: expected a JSON object with \"bridges\"", error("  "));
    }

    @Test
    void theTopLevelMustBeAnObject() {
        assertEquals("br.json:1:1: the top level must be a JSON object with \"bridges\"", error("[]"));
    }

    @Test
    void unknownKeysAreErrorsAtTheKeyAndListTheKnownOnes() {
        String text = """
                {"bridges": [{"name": "br0",
                  "ports": [{"name": "p1", "tagg": 10}]}]}
                """;
        assertEquals("br.json:2:28: bridge \"br0\" port \"p1\": unknown key \"tagg\" in a port (known: name, "
                + "vlan_mode, tag, trunks, interfaces, bond_mode, lacp, bond_updelay, bond_downdelay, other_config, "
                + "qos, type, options, mtu_request, mac, ingress_policing_rate, ingress_policing_burst, "
                + "ingress_policing_kpkts_rate, ingress_policing_kpkts_burst)", error(text));
        assertTrue(error("{\"bridge\": []}").startsWith("br.json:1:2: unknown key \"bridge\" in the top level"));
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"stp_enable\": true}]}")
                .startsWith("br.json:1:28: bridge \"b\": unknown key \"stp_enable\" in a bridge"));
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"ports\": [{\"name\": \"p\", \"interfaces\": "
                + "[{\"name\": \"i\", \"typ\": \"dummy\"}]}]}]}")
                .contains("bridge \"b\" port \"p\" interface \"i\": unknown key \"typ\" in an interface"));
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"other_config\": {\"forward-bpdu\": \"true\"}}]}")
                .contains("unknown key \"forward-bpdu\" in other_config (known: mac-aging-time, mac-table-size)"));
    }

    @Test
    void anErrorBeforeTheNameStillNamesTheObject() {
        assertEquals("br.json:1:33: bridge \"br0\" port \"p1\": tag must be an integer, not a string",
                error("{\"bridges\": [{\"ports\": [{\"tag\": \"10\", \"name\": \"p1\"}], \"name\": \"br0\"}]}")
                );
    }

    @Test
    void wrongJsonTypesAreErrors() {
        assertTrue(error("{\"bridges\": {}}").endsWith("expected an array of bridges"));
        assertTrue(error("{\"bridges\": [{\"name\": 7}]}").endsWith("\"name\" must be a string"));
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"ports\": [{\"name\": \"p\", \"tag\": 1.5}]}]}")
                .endsWith("tag must be an integer"));
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"ports\": [{\"name\": \"p\", \"trunks\": 5}]}]}")
                .endsWith("expected an array of VLAN numbers"));
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"ports\": [{\"name\": \"p\", \"options\": {\"a\": []}}]}]}")
                .endsWith("option \"a\" must be a string"));
    }

    @Test
    void missingNamesAreErrorsAtTheObject() {
        assertEquals("br.json:1:14: bridge #1: missing \"name\"", error("{\"bridges\": [{}]}"));
        assertEquals("br.json:1:38: bridge \"b\" port #1: missing \"name\"",
                error("{\"bridges\": [{\"name\": \"b\", \"ports\": [{\"tag\": 1}]}]}"));
    }

    @Test
    void unknownEnumNamesAreErrors() {
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"fail_mode\": \"open\"}]}")
                .endsWith("bridge \"b\": unknown fail_mode \"open\" (known: standalone, secure)"));
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"ports\": [{\"name\": \"p\", "
                + "\"vlan_mode\": \"hybrid\"}]}]}")
                .endsWith("unknown vlan_mode \"hybrid\" (known: access, trunk, native-tagged, native-untagged)"));
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"ports\": [{\"name\": \"p\", \"vlan_mode\": "
                + "\"dot1q-tunnel\"}]}]}").endsWith("vlan_mode dot1q-tunnel is not supported yet"));
    }

    @Test
    void hugeNumbersAreOutOfRangeNotOverflowed() {
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"ports\": [{\"name\": \"p\", \"tag\": 99999999999}]}]}")
                .endsWith("tag 99999999999 out of range 0..4095"));
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"other_config\": {\"mac-table-size\": \"99999999999\"}}]}")
                .endsWith("mac-table-size \"99999999999\" is not an integer"));
    }

    @Test
    void nonNumericMacTableSettingsAreErrors() {
        assertEquals("br.json:1:63: bridge \"b\": mac-aging-time \"5m\" is not an integer",
                error("{\"bridges\": [{\"name\": \"b\", \"other_config\": {\"mac-aging-time\": \"5m\"}}]}"));
    }

    @Test
    void allShapeErrorsAreReportedInFileOrder() {
        String text = """
                {"bridges": [{"name": "br0", "colour": "red",
                  "ports": [{"name": "p1", "tag": "x"}]}]}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse(text, "br.json"));
        assertEquals(List.of(1, 2), e.errors().stream().map(Diagnostic::line).toList());
    }

    @Test
    void semanticErrorsAreReportedTogetherInFileOrder() {
        String text = """
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "tag": 4096},
                  {"name": "p2", "mtu_request": 10}
                ]}]}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse(text, "br.json"));
        assertEquals("br.json:2:25: bridge \"br0\" port \"p1\": tag 4096 out of range 0..4095\n"
                + "br.json:3:33: bridge \"br0\" port \"p2\" interface \"p2\": mtu_request 10 out of range 68..65535",
                e.getMessage());
    }

    @Test
    void patchPeerErrorsPointAtThePeerOption() {
        String text = """
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "a", "type": "patch",
                   "options": {"peer": "nowhere"}}
                ]}]}
                """;
        assertEquals("br.json:3:24: bridge \"br0\" port \"a\" interface \"a\": patch peer \"nowhere\" does not exist",
                error(text));
    }

    @Test
    void clampedValuesAreWarningsWithLines() throws Exception {
        LoadedConfig loaded = ConfigFile.parseWithWarnings("""
                {"bridges": [{"name": "br0",
                  "other_config": {"mac-aging-time": "5", "mac-table-size": "2000000"}}]}
                """, "w.json");
        assertEquals(List.of(
                "w.json:2:38: warning: bridge \"br0\": mac-aging-time 5 is forced to 15 (OVS range 15..3600)",
                "w.json:2:61: warning: bridge \"br0\": mac-table-size 2000000 is forced to 1000000 "
                        + "(OVS range 10..1000000)"),
                loaded.warnings().stream().map(Diagnostic::toString).toList());
        assertEquals(15, loaded.config().bridges().getFirst().macAgingTimeSec());
        assertEquals(1_000_000, loaded.config().bridges().getFirst().macTableSize());
    }

    @Test
    void zeroMeansTheDefaultLikeOvs() throws Exception {
        LoadedConfig loaded = ConfigFile.parseWithWarnings(
                "{\"bridges\": [{\"name\": \"b\", \"other_config\": "
                        + "{\"mac-aging-time\": \"0\", \"mac-table-size\": \"0\"}}]}",
                "z.json");
        assertEquals(List.of(), loaded.warnings());
        assertEquals(300, loaded.config().bridges().getFirst().macAgingTimeSec());
        assertEquals(8192, loaded.config().bridges().getFirst().macTableSize());
    }

    @Test
    void negativeMacTableSettingsAreErrors() {
        assertTrue(error("{\"bridges\": [{\"name\": \"b\", \"other_config\": {\"mac-aging-time\": \"-1\"}}]}")
                .endsWith("mac-aging-time -1 must not be negative"));
    }

    @Test
    void anUnreadableFileIsAConfigException(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("missing.json");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read: "), e.getMessage());
    }

    @Test
    void loadNamesTheFileInMessages(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("br.json");
        Files.writeString(f, "{\"bridges\": [{\"name\": \"br/0\"}]}");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(f));
        assertEquals(f + ":1:23: bridge \"br/0\": name \"br/0\" must not contain '/'", e.getMessage());
    }
}
