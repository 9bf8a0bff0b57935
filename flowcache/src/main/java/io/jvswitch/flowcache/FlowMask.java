package io.jvswitch.flowcache;

import java.util.Arrays;

/**
 * A wildcard mask in the {@link FlowKey} layout: a 1 bit means "this bit of the key is matched".
 * Immutable; the list of non-zero words is precomputed so masking and hashing touch only those words.
 */
public final class FlowMask {
    private final long[] words;
    private final int[] significantWords;
    private final int hash;

    private FlowMask(long[] words) {
        this.words = words;
        int n = 0;
        for (long w : words) {
            if (w != 0) {
                n++;
            }
        }
        int[] idx = new int[n];
        n = 0;
        for (int i = 0; i < words.length; i++) {
            if (words[i] != 0) {
                idx[n++] = i;
            }
        }
        this.significantWords = idx;
        this.hash = Arrays.hashCode(words);
    }

    /** A mask from {@link FlowKey#KEY_WORDS} words (copied). */
    public static FlowMask of(long[] words) {
        if (words.length != FlowKey.KEY_WORDS) {
            throw new IllegalArgumentException("mask must have " + FlowKey.KEY_WORDS + " words: " + words.length);
        }
        return new FlowMask(words.clone());
    }

    /** The mask matching every bit (an exact-match megaflow). */
    public static FlowMask exact() {
        long[] w = new long[FlowKey.KEY_WORDS];
        Arrays.fill(w, -1L);
        return new FlowMask(w);
    }

    /** The internal words; callers must not modify them. */
    public long[] words() {
        return words;
    }

    /** Indexes of the words that have at least one bit set, ascending. */
    public int[] significantWords() {
        return significantWords;
    }

    public long word(int i) {
        return words[i];
    }

    /** Writes {@code key & mask} into {@code out} at {@code outBase} (all words). */
    public void apply(long[] key, int base, long[] out, int outBase) {
        for (int i = 0; i < FlowKey.KEY_WORDS; i++) {
            out[outBase + i] = key[base + i] & words[i];
        }
    }

    /** True when {@code key & mask} equals {@code maskedKey} on the significant words. */
    public boolean matches(long[] key, int base, long[] maskedKey, int mbase) {
        for (int j = 0; j < significantWords.length; j++) {
            final int w = significantWords[j];
            if ((key[base + w] & words[w]) != maskedKey[mbase + w]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowMask m && Arrays.equals(words, m.words);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FlowMask[");
        for (int i = 0; i < words.length; i++) {
            if (words[i] != 0) {
                sb.append(i).append('=').append(Long.toHexString(words[i])).append(' ');
            }
        }
        return sb.append(']').toString();
    }
}
