package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Table updates in the shape ovsdb-server 3.1 sends them to a monitor v1 client (captured). */
class ReplicaTest {
    private static final String OVS = "6a242681-6b10-412c-a838-3b61ce90e937";
    private static final String BR = "8bc7f451-2b9c-4e28-b7d7-3114b87056c2";

    private static JsonNode json(String text) throws Exception {
        return JsonRpcConnection.JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void insertModifyDeleteAndSharing() throws Exception {
        Replica replica = new Replica();
        DbSnapshot initial = replica.apply(json("{'Open_vSwitch':{'" + OVS + "':{'new':{'bridges':['set',[]],"
                + "'cur_cfg':0,'next_cfg':0}}}}"));
        assertEquals(0, initial.row("Open_vSwitch", UUID.fromString(OVS)).get("cur_cfg").asInt());

        DbSnapshot added = replica.apply(json("{'Bridge':{'" + BR + "':{'new':{'name':'br0','datapath_type':''}}},"
                + "'Open_vSwitch':{'" + OVS + "':{'new':{'bridges':['uuid','" + BR + "'],'cur_cfg':0,'next_cfg':0},"
                + "'old':{'bridges':['set',[]]}}}}"));
        assertEquals("br0", added.row("Bridge", UUID.fromString(BR)).get("name").asText());
        assertEquals("[\"uuid\",\"" + BR + "\"]",
                added.row("Open_vSwitch", UUID.fromString(OVS)).get("bridges").toString());
        // the earlier snapshot is not changed by later updates
        assertEquals("[\"set\",[]]", initial.row("Open_vSwitch", UUID.fromString(OVS)).get("bridges").toString());

        // modify: "new" is the whole row, "old" only the changed columns
        DbSnapshot modified = replica.apply(json("{'Bridge':{'" + BR + "':{'new':{'name':'br0',"
                + "'datapath_type':'netdev'},'old':{'datapath_type':''}}}}"));
        assertEquals("netdev", modified.row("Bridge", UUID.fromString(BR)).get("datapath_type").asText());
        assertEquals("br0", modified.row("Bridge", UUID.fromString(BR)).get("name").asText());
        assertSame(added.rows("Open_vSwitch"), modified.rows("Open_vSwitch"), "untouched tables are shared");

        DbSnapshot deleted = replica.apply(json("{'Bridge':{'" + BR + "':{'old':{'name':'br0'}}}}"));
        assertNull(deleted.row("Bridge", UUID.fromString(BR)));
        assertTrue(deleted.rows("Bridge").isEmpty());

        replica.clear();
        assertTrue(replica.snapshot().tables().isEmpty());
    }

    @Test
    void malformedUpdatesAreRejected() throws Exception {
        Replica replica = new Replica();
        assertThrows(IllegalArgumentException.class, () -> replica.apply(json("[1]")));
        assertThrows(IllegalArgumentException.class, () -> replica.apply(json("{'Bridge':3}")));
        assertThrows(IllegalArgumentException.class, () -> replica.apply(json("{'Bridge':{'x':{'new':{}}}}")));
        assertThrows(IllegalArgumentException.class, () -> replica.apply(json("{'Bridge':{'" + BR
                + "':{'new':5}}}")));
    }
}
