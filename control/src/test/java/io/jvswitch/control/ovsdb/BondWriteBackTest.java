package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.jvswitch.control.ovsdb.Snapshots.uuidOf;
import static io.jvswitch.control.ovsdb.Snapshots.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bond columns are written only where they differ, and bond_active_slave reads back as a hint. */
class BondWriteBackTest {
    private static final DbSnapshot FRESH = DbConfigMapperTest.FRESH;

    @Test
    void writesOnlyWhatDiffersAndReadsTheActiveMemberBack() {
        MappedDb m = DbConfigMapper.map(FRESH);
        ArrayNode ops = BondWriteBack.ops(FRESH, m, Map.of("bond0", "aa:bb:cc:00:00:01"), Map.of("e1", true));
        assertEquals(2, ops.size(), ops.toString());
        assertEquals("Port", ops.get(0).get("table").asText());
        assertEquals("aa:bb:cc:00:00:01", ops.get(0).get("row").get("bond_active_slave").asText());
        assertEquals(uuidOf(FRESH, "Port", "bond0").toString(), ops.get(0).get("where").get(0).get(2).get(1).asText());
        assertEquals(true, ops.get(1).get("row").get("lacp_current").asBoolean());

        DbSnapshot written = with(with(FRESH, "Port", "bond0", "bond_active_slave", "'aa:bb:cc:00:00:01'"),
                "Interface", "e1", "lacp_current", "true");
        MappedDb m2 = DbConfigMapper.map(written);
        assertEquals(0, BondWriteBack.ops(written, m2, Map.of("bond0", "aa:bb:cc:00:00:01"), Map.of("e1", true))
                .size(), "nothing differs: nothing written");
        assertEquals(Map.of("bond0", "aa:bb:cc:00:00:01"), BondWriteBack.activeMemberHints(written, m2));
    }
}
