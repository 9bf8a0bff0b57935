package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * RFC 7047 (section 5.1) values held in Jackson trees, both ways.
 *
 * <p>Decoding: an atom is a JSON string, integer, real or boolean, or {@code ["uuid","..."]} /
 * {@code ["named-uuid","..."]}; a set is {@code ["set",[atoms]]} or a bare atom (a set of one); a map is
 * {@code ["map",[[k,v],...]]}. A null or missing node is the column's default: the empty set or map, "", 0, false
 * (a {@link DbSnapshot} row may leave out columns). OVS's optional columns are sets of 0 or 1 atoms. Decoded atoms
 * are {@link String}, {@link Long}, {@link Double}, {@link Boolean}, {@link UUID} or {@link NamedUuid}. Anything
 * else throws {@link MalformedDatumException} naming what was wrong.
 *
 * <p>Encoding: {@link #set}, {@link #map}, {@link #uuid}, {@link #namedUuid}, {@link #optional} build the
 * values a transaction writes; {@link #sameValue} compares two values by meaning (a bare atom equals the set of
 * it, map order does not matter), which is how the write-back decides that a column needs no update.
 */
public final class OvsdbDatum {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** A {@code ["named-uuid", name]} atom: a row inserted earlier in the same transaction. */
    public record NamedUuid(String name) {
        public NamedUuid {
            Objects.requireNonNull(name);
        }
    }

    private OvsdbDatum() {
    }

    // ---- decoding -------------------------------------------------------------------------------------------

    /** One atom; throws for sets, maps and anything that is not an atom. */
    public static Object atom(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw new MalformedDatumException("missing atom");
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                throw new MalformedDatumException("integer " + n + " does not fit in 64 bits");
            }
            return n.longValue();
        }
        if (n.isFloatingPointNumber()) {
            return n.doubleValue();
        }
        if (n.isArray() && n.size() == 2 && n.get(0).isTextual() && n.get(1).isTextual()) {
            String tag = n.get(0).textValue();
            String text = n.get(1).textValue();
            if ("uuid".equals(tag)) {
                if (!UUID_TEXT.matcher(text).matches()) {
                    throw new MalformedDatumException("\"" + text + "\" is not a UUID");
                }
                return UUID.fromString(text);
            }
            if ("named-uuid".equals(tag)) {
                return new NamedUuid(text);
            }
        }
        throw new MalformedDatumException("not an atom: " + abbreviate(n));
    }

    /** The atoms of a set (a bare atom is a set of one; null is the empty set), in wire order. */
    public static List<Object> atoms(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return List.of();
        }
        if (isTagged(n, "set")) {
            JsonNode elems = n.get(1);
            if (!elems.isArray()) {
                throw new MalformedDatumException("set without an element array: " + abbreviate(n));
            }
            List<Object> out = new ArrayList<>(elems.size());
            for (JsonNode e : elems) {
                out.add(atom(e));
            }
            return Collections.unmodifiableList(out);
        }
        if (isTagged(n, "map")) {
            throw new MalformedDatumException("a map where a set or atom belongs: " + abbreviate(n));
        }
        return List.of(atom(n));
    }

    /** The pairs of a map, in wire order (null is the empty map; the empty set is accepted as an empty map). */
    public static Map<Object, Object> pairs(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Map.of();
        }
        if (isTagged(n, "set") && n.get(1).isArray() && n.get(1).isEmpty()) {
            return Map.of();
        }
        if (!isTagged(n, "map") || !n.get(1).isArray()) {
            throw new MalformedDatumException("not a map: " + abbreviate(n));
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (JsonNode pair : n.get(1)) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new MalformedDatumException("map entry is not a [key, value] pair: " + abbreviate(pair));
            }
            Object k = atom(pair.get(0));
            if (out.put(k, atom(pair.get(1))) != null) {
                throw new MalformedDatumException("map key " + k + " appears twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A set of strings. */
    public static List<String> strings(JsonNode n) {
        return typed(atoms(n), String.class, "string");
    }

    /** A set of integers. */
    public static List<Long> integers(JsonNode n) {
        return typed(atoms(n), Long.class, "integer");
    }

    /** A set of row references ({@code ["uuid",...]}). */
    public static List<UUID> uuids(JsonNode n) {
        return typed(atoms(n), UUID.class, "uuid");
    }

    /** A string-to-string map (options, other_config, external_ids, status). */
    public static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : pairs(n).entrySet()) {
            out.put(cast(e.getKey(), String.class, "string"), cast(e.getValue(), String.class, "string"));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A string-to-integer map (statistics). */
    public static Map<String, Long> integerMap(JsonNode n) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : pairs(n).entrySet()) {
            out.put(cast(e.getKey(), String.class, "string"), cast(e.getValue(), Long.class, "integer"));
        }
        return Collections.unmodifiableMap(out);
    }

    /** An optional integer column (a set of 0..1 integers): its value, or null when empty. */
    public static Long optionalInteger(JsonNode n) {
        return optional(integers(n));
    }

    /** An optional string column: its value, or null when empty. */
    public static String optionalString(JsonNode n) {
        return optional(strings(n));
    }

    /** An optional reference column: its value, or null when empty. */
    public static UUID optionalUuid(JsonNode n) {
        return optional(uuids(n));
    }

    /** A required string column ({@code name}, {@code type}); absent means "". */
    public static String string(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "";
        }
        return cast(atom(n), String.class, "string");
    }

    /** A required integer column ({@code cur_cfg}, {@code next_cfg}); absent means 0. */
    public static long integer(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return 0;
        }
        return cast(atom(n), Long.class, "integer");
    }

    /** A required boolean column; absent means false. */
    public static boolean bool(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return false;
        }
        return cast(atom(n), Boolean.class, "boolean");
    }

    /**
     * Whether two values mean the same datum: atoms, sets (order ignored, a bare atom is a set of one) and maps
     * (order ignored); null is the empty set or map. Either side malformed: false.
     */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        try {
            return canonical(a).equals(canonical(b));
        } catch (MalformedDatumException e) {
            return false;
        }
    }

    /** Empty → the empty set (so that empty set, empty map and absent compare equal); map → HashMap; else set. */
    private static Object canonical(JsonNode n) {
        if (n != null && isTagged(n, "map")) {
            Map<Object, Object> m = pairs(n);
            return m.isEmpty() ? Set0.EMPTY : new HashMap<>(m);
        }
        List<Object> atoms = atoms(n);
        return atoms.isEmpty() ? Set0.EMPTY : new HashSet<>(atoms);
    }

    /** The one canonical empty value. */
    private enum Set0 { EMPTY }

    // ---- encoding -------------------------------------------------------------------------------------------

    /** An atom's JSON: String, Boolean, Integer/Long/Short, Double/Float, UUID or {@link NamedUuid}. */
    public static JsonNode atomNode(Object atom) {
        return switch (atom) {
            case String s -> F.textNode(s);
            case Boolean b -> F.booleanNode(b);
            case Long l -> F.numberNode(l);
            case Integer i -> F.numberNode(i.longValue());
            case Short s -> F.numberNode(s.longValue());
            case Double d -> F.numberNode(d);
            case Float f -> F.numberNode(f.doubleValue());
            case UUID u -> uuid(u);
            case NamedUuid nu -> namedUuid(nu.name());
            case null -> throw new IllegalArgumentException("null is not an OVSDB atom");
            default -> throw new IllegalArgumentException(atom.getClass().getName() + " is not an OVSDB atom");
        };
    }

    /** {@code ["uuid","..."]}. */
    public static ArrayNode uuid(UUID u) {
        return F.arrayNode().add("uuid").add(u.toString());
    }

    /** {@code ["named-uuid","name"]}. */
    public static ArrayNode namedUuid(String name) {
        return F.arrayNode().add("named-uuid").add(name);
    }

    /** {@code ["set",[atoms]]}, in the collection's order. */
    public static ArrayNode set(Collection<?> atoms) {
        ArrayNode elems = F.arrayNode();
        for (Object a : atoms) {
            elems.add(atomNode(a));
        }
        return F.arrayNode().add("set").add(elems);
    }

    /** {@code ["set",[]]}: clears an optional column. */
    public static ArrayNode emptySet() {
        return set(List.of());
    }

    /** An optional column's value: the atom, or the empty set for null. */
    public static JsonNode optional(Object atom) {
        return atom == null ? emptySet() : atomNode(atom);
    }

    /** {@code ["map",[[k,v],...]]}, in the map's iteration order. */
    public static ArrayNode map(Map<?, ?> m) {
        ArrayNode pairs = F.arrayNode();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            pairs.add(F.arrayNode().add(atomNode(e.getKey())).add(atomNode(e.getValue())));
        }
        return F.arrayNode().add("map").add(pairs);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static boolean isTagged(JsonNode n, String tag) {
        return n.isArray() && n.size() == 2 && n.get(0).isTextual() && tag.equals(n.get(0).textValue());
    }

    private static <T> T optional(List<T> values) {
        if (values.size() > 1) {
            throw new MalformedDatumException("optional column holds " + values.size() + " values: " + values);
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    private static <T> List<T> typed(List<Object> atoms, Class<T> type, String what) {
        List<T> out = new ArrayList<>(atoms.size());
        for (Object a : atoms) {
            out.add(cast(a, type, what));
        }
        return Collections.unmodifiableList(out);
    }

    private static <T> T cast(Object atom, Class<T> type, String what) {
        if (!type.isInstance(atom)) {
            throw new MalformedDatumException("expected " + what + ", got " + describe(atom));
        }
        return type.cast(atom);
    }

    private static String describe(Object atom) {
        return switch (atom) {
            case String s -> "string \"" + s + "\"";
            case UUID u -> "uuid " + u;
            case NamedUuid nu -> "named-uuid " + nu.name();
            default -> atom.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + atom;
        };
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
