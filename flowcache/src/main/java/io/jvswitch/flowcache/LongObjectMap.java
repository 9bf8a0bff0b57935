package io.jvswitch.flowcache;

import java.util.Arrays;

/**
 * A small open-addressed map from a primitive {@code long} key to a non-null object, with no boxing.
 *
 * <h2>What</h2> The flow table's in_port → classifier map and its megaflow-id → entry index.
 *
 * <h2>Design</h2> Power-of-two capacity, linear probing, load kept at or below 1/2, deletion by backward
 * shift (no tombstones, so probe runs never rot). A slot is empty when its value is {@code null}.
 *
 * <h2>Thread-safety</h2> None: single owner (the PMD thread).
 *
 * <h2>Performance</h2> {@link #get} allocates nothing; {@link #put} allocates only when it grows.
 *
 * @param <V> the value type
 */
final class LongObjectMap<V> {
    private static final int MIN_CAPACITY = 8;

    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;

    LongObjectMap() {
        this(MIN_CAPACITY);
    }

    LongObjectMap(int expected) {
        int cap = MIN_CAPACITY;
        while (cap < expected * 2) {
            cap <<= 1;
        }
        keys = new long[cap];
        values = new Object[cap];
        mask = cap - 1;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    int size() {
        return size;
    }

    /** The value for {@code key}, or {@code null}. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        final long[] ks = keys;
        final Object[] vs = values;
        final int m = mask;
        for (int i = slot(key, m); ; i = (i + 1) & m) {
            Object v = vs[i];
            if (v == null) {
                return null;
            }
            if (ks[i] == key) {
                return (V) v;
            }
        }
    }

    /** Maps {@code key} to {@code value} (non-null); returns the previous value or {@code null}. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        if ((size + 1) * 2 > keys.length) {
            resize(keys.length * 2);
        }
        final int m = mask;
        for (int i = slot(key, m); ; i = (i + 1) & m) {
            Object v = values[i];
            if (v == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return null;
            }
            if (keys[i] == key) {
                values[i] = value;
                return (V) v;
            }
        }
    }

    /** Removes {@code key}; returns its value or {@code null}. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        final int m = mask;
        for (int i = slot(key, m); ; i = (i + 1) & m) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                deleteAt(i);
                return (V) v;
            }
        }
    }

    /** Removes every entry. */
    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    /** Slot count, for index-based iteration with {@link #valueAt}. */
    int capacity() {
        return values.length;
    }

    /** The value in slot {@code i}, or {@code null} when the slot is empty. */
    @SuppressWarnings("unchecked")
    V valueAt(int i) {
        return (V) values[i];
    }

    private void deleteAt(int hole) {
        final int m = mask;
        int i = hole;
        for (int j = (i + 1) & m; values[j] != null; j = (j + 1) & m) {
            int home = slot(keys[j], m);
            if (((j - home) & m) >= ((j - i) & m)) {
                keys[i] = keys[j];
                values[i] = values[j];
                i = j;
            }
        }
        values[i] = null;
        size--;
    }

    private void resize(int newCap) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[newCap];
        values = new Object[newCap];
        mask = newCap - 1;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                int j = slot(oldKeys[i], mask);
                while (values[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }
}
