package io.jvswitch.control.config;

/**
 * Where in a {@link io.jvswitch.control.model.SwitchConfig} a problem is: bridge, port and interface (by index and
 * name) and optionally a field ({@code "tag"}, {@code "options.peer"}, {@code "other_config.mac-aging-time"}).
 * The text form names the objects the way a user sees them ({@code bridge "br0" port "p1"}); the indices (which
 * match the order in the config file) let the file loader find the line. An index of -1 means "not that deep".
 */
public record ConfigPath(int bridgeIndex, String bridge, int portIndex, String port, int interfaceIndex,
                         String iface, String field) {

    /** The whole configuration. */
    public static final ConfigPath ROOT = new ConfigPath(-1, null, -1, null, -1, null, null);

    public ConfigPath bridge(int index, String name) {
        return new ConfigPath(index, name, -1, null, -1, null, null);
    }

    public ConfigPath port(int index, String name) {
        return new ConfigPath(bridgeIndex, bridge, index, name, -1, null, null);
    }

    public ConfigPath iface(int index, String name) {
        return new ConfigPath(bridgeIndex, bridge, portIndex, port, index, name, null);
    }

    public ConfigPath field(String name) {
        return new ConfigPath(bridgeIndex, bridge, portIndex, port, interfaceIndex, iface, name);
    }

    /** The enclosing field ({@code options.peer} → {@code options}), the object itself, or the enclosing object. */
    public ConfigPath parent() {
        if (field != null) {
            int dot = field.lastIndexOf('.');
            return field(dot < 0 ? null : field.substring(0, dot));
        }
        if (interfaceIndex >= 0) {
            return new ConfigPath(bridgeIndex, bridge, portIndex, port, -1, null, null);
        }
        if (portIndex >= 0) {
            return new ConfigPath(bridgeIndex, bridge, -1, null, -1, null, null);
        }
        return ROOT;
    }

    /** True for the whole configuration (a field of it included). */
    public boolean isRoot() {
        return bridgeIndex < 0;
    }

    /** A key made of indices and field only: equal for the same place whatever the names are. */
    String key() {
        return bridgeIndex + "/" + portIndex + "/" + interfaceIndex + "#" + (field == null ? "" : field);
    }

    /** {@code bridge "br0" port "p1" interface "p1"}, or {@code config} for the root. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb, "bridge", bridgeIndex, bridge);
        append(sb, "port", portIndex, port);
        append(sb, "interface", interfaceIndex, iface);
        return sb.isEmpty() ? "config" : sb.toString();
    }

    private static void append(StringBuilder sb, String kind, int index, String name) {
        if (index < 0) {
            return;
        }
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(kind).append(' ');
        if (name == null) {
            sb.append('#').append(index + 1);
        } else {
            sb.append('"').append(name).append('"');
        }
    }
}
