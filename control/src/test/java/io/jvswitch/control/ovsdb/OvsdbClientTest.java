package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session against a real, private ovsdb-server and the stock ovs-vsctl (OvsdbServerFixture). */
class OvsdbClientTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static OvsdbClient start(OvsdbServerFixture server, RecordingListener listener) {
        return OvsdbClient.start(OvsdbRemote.parse(server.remote()), listener);
    }

    private static Map.Entry<UUID, ObjectNode> ovsRow(DbSnapshot db) {
        return db.rows("Open_vSwitch").entrySet().iterator().next();
    }

    private static ObjectNode byName(DbSnapshot db, String table, String name) {
        return db.rows(table).values().stream().filter(r -> r.path("name").asText().equals(name)).findFirst()
                .orElse(null);
    }

    /** The row a ["uuid", "..."] reference (or a one-element set of it) points to. */
    private static ObjectNode deref(DbSnapshot db, String table, JsonNode ref) {
        JsonNode atom = ref.path(0).asText().equals("set") ? ref.path(1).path(0) : ref;
        assertEquals("uuid", atom.path(0).asText(), ref.toString());
        return db.row(table, UUID.fromString(atom.path(1).asText()));
    }

    private static ArrayNode setCurCfg(UUID row, long value) {
        ArrayNode ops = NODES.arrayNode();
        ObjectNode update = ops.addObject().put("op", "update").put("table", "Open_vSwitch");
        update.putArray("where").addArray().add("_uuid").add("==").addArray().add("uuid").add(row.toString());
        update.putObject("row").put("cur_cfg", value);
        return ops;
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<JsonNode> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void connectsHoldsTheLockAndDeliversTheOpenVswitchRow() {
        try (OvsdbServerFixture server = OvsdbServerFixture.start()) {
            server.vsctl("--no-wait", "init");
            RecordingListener listener = new RecordingListener();
            try (OvsdbClient client = start(server, listener)) {
                RecordingListener.LockState lock = listener.awaitLock(true);
                assertTrue(lock.why().contains("ovs_vswitchd"), lock.why());
                DbSnapshot db = listener.awaitSnapshot("the Open_vSwitch row",
                        s -> s.rows("Open_vSwitch").size() == 1);
                ObjectNode ovs = ovsRow(db).getValue();
                assertEquals(0, ovs.get("next_cfg").asLong());
                assertEquals("[\"set\",[]]", ovs.get("bridges").toString());
                assertFalse(ovs.has("external_ids") || ovs.has("ovs_version"), ovs.toString());
                assertTrue(client.connected());
                assertTrue(client.lockHeld());
                assertEquals(db, client.snapshot());
                assertEquals("Open_vSwitch", client.schema().path("name").asText());
                assertEquals(0, client.malformedMessages());
            }
        }
    }

    @Test
    void aBridgeAddedWithVsctlShowsUpWithItsPortAndInterface() {
        try (OvsdbServerFixture server = OvsdbServerFixture.start()) {
            server.vsctl("--no-wait", "init");
            RecordingListener listener = new RecordingListener();
            try (OvsdbClient client = start(server, listener)) {
                listener.awaitSnapshot("the initial snapshot", s -> s.rows("Open_vSwitch").size() == 1);
                server.vsctl("--no-wait", "add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=netdev");
                DbSnapshot db = listener.awaitSnapshot("bridge br0", s -> byName(s, "Bridge", "br0") != null);
                ObjectNode bridge = byName(db, "Bridge", "br0");
                assertEquals("netdev", bridge.get("datapath_type").asText());
                assertFalse(bridge.has("external_ids"));
                assertTrue(bridge.has("other_config") && bridge.has("fail_mode") && bridge.has("mirrors"));
                assertEquals(bridge, deref(db, "Bridge", ovsRow(db).getValue().get("bridges")));
                ObjectNode port = deref(db, "Port", bridge.get("ports"));
                assertEquals("br0", port.get("name").asText());
                assertEquals("[\"set\",[]]", port.get("tag").toString());
                ObjectNode iface = deref(db, "Interface", port.get("interfaces"));
                assertEquals("br0", iface.get("name").asText());
                assertEquals("internal", iface.get("type").asText());
                assertEquals("[\"set\",[]]", iface.get("ofport").toString(), "not written back yet");
                assertTrue(iface.has("options") && iface.has("mtu_request") && iface.has("error"));

                server.vsctl("--no-wait", "set", "port", "br0", "tag=7");
                db = listener.awaitSnapshot("tag 7", s -> byName(s, "Port", "br0").get("tag").asInt() == 7);
                assertEquals("br0", byName(db, "Port", "br0").get("name").asText(), "a modify keeps every column");
                assertEquals("netdev", byName(db, "Bridge", "br0").get("datapath_type").asText());
            }
        }
    }

    @Test
    void aSecondClientWaitsForTheLockAndCannotWrite() {
        try (OvsdbServerFixture server = OvsdbServerFixture.start()) {
            server.vsctl("--no-wait", "init");
            RecordingListener first = new RecordingListener();
            RecordingListener second = new RecordingListener();
            OvsdbClient one = start(server, first);
            try {
                first.awaitLock(true);
            } catch (AssertionError | RuntimeException e) {
                one.close();
                throw e;
            }
            try (OvsdbClient two = start(server, second)) {
                try (one) {
                    RecordingListener.LockState refused = second.awaitLock(false);
                    assertTrue(refused.why().contains("another ovs-vswitchd process is running"), refused.why());
                    RecordingListener.awaitTrue("the second client's handshake", two::connected);
                    assertFalse(two.lockHeld());
                    Throwable e = failure(two.transact(setCurCfg(ovsRow(first.awaitSnapshot("initial",
                            s -> true)).getKey(), 1)));
                    assertInstanceOf(OvsdbException.class, e);
                    assertTrue(e.getMessage().contains("lock \"ovs_vswitchd\" not held"), e.getMessage());

                    // the lock-less client still follows the database, so it is current when it takes over
                    server.vsctl("--no-wait", "add-br", "br9");
                    first.awaitSnapshot("br9", s -> byName(s, "Bridge", "br9") != null);
                }
                second.awaitLock(true);
                DbSnapshot db = second.awaitSnapshot("br9", s -> true);
                assertTrue(byName(db, "Bridge", "br9") != null, "the first snapshot after the lock is current");
                assertEquals(List.of("lock:false", "lock:true", "snapshot"), second.calls.subList(0, 3),
                        "no snapshot delivered before the lock");
                assertTrue(two.lockHeld());
            }
        }
    }

    @Test
    void aStolenLockStopsSnapshotsUntilItComesBack() throws Exception {
        try (OvsdbServerFixture server = OvsdbServerFixture.start()) {
            server.vsctl("--no-wait", "init");
            RecordingListener listener = new RecordingListener();
            try (OvsdbClient client = start(server, listener)) {
                listener.awaitSnapshot("initial", s -> true);
                // a raw JSON-RPC client steals the lock (RFC 7047 4.1.9), as "ovs-vswitchd" started elsewhere might
                try (SocketChannel thief = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
                    thief.write(ByteBuffer.wrap("{\"method\":\"steal\",\"params\":[\"ovs_vswitchd\"],\"id\":1}"
                            .getBytes(StandardCharsets.UTF_8)));
                    RecordingListener.LockState stolen = listener.awaitLock(false);
                    assertTrue(stolen.why().contains("another ovs-vswitchd process is running"), stolen.why());
                    assertFalse(client.lockHeld());
                    listener.calls.clear();
                    server.vsctl("--no-wait", "add-br", "br5");
                    RecordingListener.awaitTrue("the replica follows without the lock",
                            () -> byName(client.snapshot(), "Bridge", "br5") != null);
                }
                listener.awaitLock(true);
                DbSnapshot db = listener.awaitSnapshot("a snapshot once the lock is back", s -> true);
                assertTrue(byName(db, "Bridge", "br5") != null);
                assertEquals(List.of("lock:true", "snapshot"), listener.calls.subList(0, 2),
                        "nothing delivered while the lock was stolen");
            }
        }
    }

    @Test
    void transactWritesCurCfgAndSurfacesOperationErrors() throws Exception {
        try (OvsdbServerFixture server = OvsdbServerFixture.start()) {
            server.vsctl("--no-wait", "init");
            RecordingListener listener = new RecordingListener();
            try (OvsdbClient client = start(server, listener)) {
                UUID row = ovsRow(listener.awaitSnapshot("initial", s -> s.rows("Open_vSwitch").size() == 1))
                        .getKey();
                JsonNode result = client.transact(setCurCfg(row, 7)).get(30, TimeUnit.SECONDS);
                assertEquals(1, result.path(0).path("count").asInt(), result.toString());
                assertEquals("7", server.vsctl("get", "Open_vSwitch", ".", "cur_cfg").strip());
                listener.awaitSnapshot("cur_cfg 7", s -> ovsRow(s).getValue().get("cur_cfg").asLong() == 7);

                ArrayNode bad = NODES.arrayNode();
                bad.addObject().put("op", "update").put("table", "No_Such_Table").putArray("where");
                bad.get(0).withObject("/row").put("x", 1);
                Throwable e = failure(client.transact(bad));
                assertInstanceOf(OvsdbException.class, e);
                assertTrue(e.getMessage().contains("operation 0 (update No_Such_Table): syntax error")
                        && e.getMessage().contains("No table named No_Such_Table"), e.getMessage());
            }
        }
    }

    @Test
    void reconnectsAfterTheServerRestartsAndDeliversAFreshSnapshot() {
        try (OvsdbServerFixture server = OvsdbServerFixture.start()) {
            server.vsctl("--no-wait", "init");
            server.vsctl("--no-wait", "add-br", "br0");
            RecordingListener listener = new RecordingListener();
            try (OvsdbClient client = start(server, listener)) {
                DbSnapshot before = listener.awaitSnapshot("br0", s -> byName(s, "Bridge", "br0") != null);
                listener.lockStates.clear();

                server.restart();
                listener.awaitDisconnect();
                listener.snapshots.clear();
                listener.awaitLock(true);
                DbSnapshot after = listener.awaitSnapshot("the snapshot after reconnecting", s -> true);
                for (String table : List.of("Open_vSwitch", "Bridge", "Port", "Interface")) {
                    assertEquals(before.rows(table), after.rows(table), table);
                }
                assertTrue(client.connected() && client.lockHeld());

                server.vsctl("--no-wait", "add-br", "br1");
                listener.awaitSnapshot("br1 after the restart", s -> byName(s, "Bridge", "br1") != null);
            }
        }
    }

    @Test
    void keepsTryingUntilTheServerIsThere() throws InterruptedException {
        try (OvsdbServerFixture server = OvsdbServerFixture.start()) {
            server.vsctl("--no-wait", "init");
            server.kill();
            RecordingListener listener = new RecordingListener();
            try (OvsdbClient client = start(server, listener)) {
                Thread.sleep(2_500); // the first attempts (at 0, 1 and 2 s) find nobody
                assertFalse(client.connected());
                server.restart();
                listener.awaitLock(true);
                listener.awaitSnapshot("the Open_vSwitch row", s -> s.rows("Open_vSwitch").size() == 1);
                assertTrue(listener.disconnects.isEmpty(), "failed attempts are not disconnections");
            }
        }
    }

    @Test
    void vsctlWithoutNoWaitReturnsWhenTheClientAnswersNextCfg() {
        try (OvsdbServerFixture server = OvsdbServerFixture.start()) {
            server.vsctl("--no-wait", "init");
            RecordingListener listener = new RecordingListener();
            AtomicReference<OvsdbClient> self = new AtomicReference<>();
            listener.onEachSnapshot(db -> {
                Map.Entry<UUID, ObjectNode> ovs = ovsRow(db);
                long next = ovs.getValue().get("next_cfg").asLong();
                if (next > ovs.getValue().get("cur_cfg").asLong()) self.get().transact(setCurCfg(ovs.getKey(), next));
            });
            try (OvsdbClient client = start(server, listener)) {
                self.set(client);
                listener.awaitSnapshot("initial", s -> true);
                server.vsctl("add-br", "br1");
                server.vsctl("set", "bridge", "br1", "datapath_type=netdev");
                assertEquals("2", server.vsctl("get", "Open_vSwitch", ".", "cur_cfg").strip());
                assertEquals("2", server.vsctl("get", "Open_vSwitch", ".", "next_cfg").strip());
            }
        }
    }
}
