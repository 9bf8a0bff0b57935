package io.jvswitch.qos;

/** The three colours of RFC 2697/2698/4115 markers, as small ints for the fast path. */
public final class Colour {
    public static final int GREEN = 0;
    public static final int YELLOW = 1;
    public static final int RED = 2;

    private Colour() {
    }

    /** "green", "yellow" or "red". */
    public static String name(int colour) {
        return switch (colour) {
            case GREEN -> "green";
            case YELLOW -> "yellow";
            case RED -> "red";
            default -> throw new IllegalArgumentException("no colour " + colour);
        };
    }
}
