package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.jvswitch.control.ovsdb.Snapshots.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7047 values as ovsdb-server 3.1 sends them (forms copied from the captured monitor replies). */
class OvsdbDatumTest {
    private static final UUID U = UUID.fromString("06396829-c0ff-4986-93b1-640445bbd6ae");

    /** Compares JSON text (Jackson's IntNode 1 and LongNode 1 are not equal, their text is). */
    static void assertJson(String expected, JsonNode actual) {
        assertEquals(json(expected).toString(), actual.toString());
    }

    @Test
    void decodesAtoms() {
        assertEquals("netdev", OvsdbDatum.atom(json("'netdev'")));
        assertEquals(9000L, OvsdbDatum.atom(json("9000")));
        assertEquals(10000000000L, OvsdbDatum.atom(json("10000000000")));
        assertEquals(0.5, OvsdbDatum.atom(json("0.5")));
        assertEquals(true, OvsdbDatum.atom(json("true")));
        assertEquals(U, OvsdbDatum.atom(json("['uuid','06396829-c0ff-4986-93b1-640445bbd6ae']")));
        assertEquals(new OvsdbDatum.NamedUuid("row1"), OvsdbDatum.atom(json("['named-uuid','row1']")));
    }

    @Test
    void aBareAtomIsASetOfOneAndNullIsEmpty() {
        assertEquals(List.of(U), OvsdbDatum.uuids(json("['uuid','06396829-c0ff-4986-93b1-640445bbd6ae']")));
        assertEquals(List.of(10L, 20L, 30L), OvsdbDatum.integers(json("['set',[10,20,30]]")));
        assertEquals(List.of(), OvsdbDatum.integers(json("['set',[]]")));
        assertEquals(List.of(), OvsdbDatum.strings(null));
        assertEquals(Map.of(), OvsdbDatum.stringMap(null));
        assertEquals("", OvsdbDatum.string(null));
        assertEquals(0L, OvsdbDatum.integer(null));
        assertFalse(OvsdbDatum.bool(null));
    }

    @Test
    void optionalColumnsAreSetsOfZeroOrOne() {
        assertNull(OvsdbDatum.optionalInteger(json("['set',[]]")));
        assertEquals(10L, OvsdbDatum.optionalInteger(json("10")));
        assertEquals(10L, OvsdbDatum.optionalInteger(json("['set',[10]]")));
        assertEquals("secure", OvsdbDatum.optionalString(json("'secure'")));
        assertNull(OvsdbDatum.optionalString(json("['set',[]]")));
        MalformedDatumException e = assertThrows(MalformedDatumException.class,
                () -> OvsdbDatum.optionalInteger(json("['set',[1,2]]")));
        assertTrue(e.getMessage().contains("2 values"), e.getMessage());
    }

    @Test
    void decodesMaps() {
        assertEquals(Map.of("mac-aging-time", "600"), OvsdbDatum.stringMap(json("['map',[['mac-aging-time','600']]]")));
        assertEquals(Map.of("rx_packets", 5L, "tx_bytes", 100L),
                OvsdbDatum.integerMap(json("['map',[['rx_packets',5],['tx_bytes',100]]]")));
        assertEquals(Map.of(), OvsdbDatum.stringMap(json("['map',[]]")));
    }

    @Test
    void malformedValuesThrowTheirOwnExceptionWithAReason() {
        String[] bad = {"['set',[1,'a']]", "['map',[['a']]]", "['map',[['a','1'],['a','2']]]", "['uuid','nope']",
            "{'x':1}", "['set',5]", "['frob',[]]", "[1,2,3]", "null"};
        for (String b : bad) {
            JsonNode n = json(b);
            assertThrows(MalformedDatumException.class, () -> {
                OvsdbDatum.integers(n);
                OvsdbDatum.stringMap(n);
                OvsdbDatum.atom(n);
            }, b);
        }
        assertEquals("expected integer, got string \"ten\"",
                assertThrows(MalformedDatumException.class, () -> OvsdbDatum.optionalInteger(json("'ten'")))
                        .getMessage());
        assertThrows(MalformedDatumException.class, () -> OvsdbDatum.integers(json("['map',[[1,2]]]")));
        assertThrows(MalformedDatumException.class, () -> OvsdbDatum.atom(json("123456789012345678901234567890")));
    }

    @Test
    void encodesAsRfc7047() {
        assertJson("['uuid','06396829-c0ff-4986-93b1-640445bbd6ae']", OvsdbDatum.uuid(U));
        assertJson("['named-uuid','new_iface']", OvsdbDatum.namedUuid("new_iface"));
        assertJson("['set',[]]", OvsdbDatum.emptySet());
        assertJson("['set',['internal','system']]", OvsdbDatum.set(List.of("internal", "system")));
        assertJson("1500", OvsdbDatum.optional(1500));
        assertJson("['set',[]]", OvsdbDatum.optional(null));
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("rx_bytes", 0L);
        stats.put("rx_packets", 7L);
        assertJson("['map',[['rx_bytes',0],['rx_packets',7]]]", OvsdbDatum.map(stats));
        assertThrows(IllegalArgumentException.class, () -> OvsdbDatum.atomNode(new Object()));
    }

    @Test
    void valuesRoundTrip() {
        List<Object> atoms = List.of("a", 1L, -5L, 2.5, true, U, new OvsdbDatum.NamedUuid("n"));
        assertEquals(atoms, OvsdbDatum.atoms(OvsdbDatum.set(atoms)));
        for (Object a : atoms) {
            assertEquals(a, OvsdbDatum.atom(OvsdbDatum.atomNode(a)));
        }
        Map<String, String> m = Map.of("peer", "p2", "foo", "bar");
        assertEquals(m, OvsdbDatum.stringMap(OvsdbDatum.map(m)));
        Map<String, Long> stats = Map.of("rx_packets", 1L, "tx_bytes", 1L << 40);
        assertEquals(stats, OvsdbDatum.integerMap(OvsdbDatum.map(stats)));
        assertEquals(List.of(U), OvsdbDatum.uuids(OvsdbDatum.set(List.of(U))));
    }

    @Test
    void sameValueComparesMeaningNotSpelling() {
        assertTrue(OvsdbDatum.sameValue(json("10"), json("['set',[10]]")));
        assertTrue(OvsdbDatum.sameValue(json("['set',[1,2]]"), json("['set',[2,1]]")));
        assertTrue(OvsdbDatum.sameValue(json("['map',[['a',1],['b',2]]]"), json("['map',[['b',2],['a',1]]]")));
        assertTrue(OvsdbDatum.sameValue(null, json("['set',[]]")));
        assertTrue(OvsdbDatum.sameValue(null, json("['map',[]]")));
        assertFalse(OvsdbDatum.sameValue(json("1"), json("2")));
        assertFalse(OvsdbDatum.sameValue(json("'1'"), json("1")));
        assertFalse(OvsdbDatum.sameValue(json("-1"), json("['set',[]]")));
        assertFalse(OvsdbDatum.sameValue(json("['map',[['a',1]]]"), json("['map',[['a',2]]]")));
        assertFalse(OvsdbDatum.sameValue(null, json("0")));
    }
}
