package io.jvswitch.control.ovsdb;

/**
 * A column value that is not valid RFC 7047 notation, or not of the type the column should have (a string where an
 * integer belongs, two values in an optional column). {@link DbConfigMapper} turns it into a problem of the row it
 * was read from; it never escapes the mapping layer.
 */
public final class MalformedDatumException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedDatumException(String message) {
        super(message);
    }
}
