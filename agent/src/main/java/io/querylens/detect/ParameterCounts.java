package io.querylens.detect;

/**
 * How often each (fingerprint, parameter hash) pair ran in one unit of work: a bounded multiset of
 * 64-bit keys in an open-addressing table (linear probing, load factor at most 1/2).
 *
 * <p>It starts small and doubles up to its bound, keeping the grown arrays when it is {@link #clear()}ed
 * for the next unit, so a thread in steady state allocates nothing. At the bound, keys not yet present are
 * refused and counted: a refused execution is neither a new parameter set nor a repeat.
 */
public final class ParameterCounts {
    private static final int INITIAL = 64;
    private final int maxKeys;
    private long[] keys;
    private int[] counts;
    /** The slots in use, in insertion order, so that {@link #clear()} costs O(keys held), not O(capacity). */
    private int[] used;
    private int size;
    private long refused;

    /** @param maxKeys the most distinct keys kept per unit */
    public ParameterCounts(int maxKeys) {
        this.maxKeys = Math.max(1, maxKeys);
        keys = new long[INITIAL];
        counts = new int[INITIAL];
        used = new int[INITIAL / 2];
    }

    /** The key of one execution: a well-mixed combination of the fingerprint and its parameters' hash. */
    public static long key(int fingerprintIndex, long parameterHash) {
        long h = parameterHash ^ (fingerprintIndex * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    /**
     * Counts one occurrence of {@code key} and returns how often it has now occurred in this unit (1 the
     * first time), or 0 when the table is full and the key was not present.
     */
    public int add(long key) {
        int mask = keys.length - 1;
        int i = (int) key & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return ++counts[i];
            }
            if (k == 0) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (size >= maxKeys) {
            refused++;
            return 0;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
            return add(key);
        }
        keys[i] = key;
        counts[i] = 1;
        used[size++] = i;
        return 1;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        int[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        used = new int[oldKeys.length];
        int mask = keys.length - 1;
        for (int n = 0; n < size; n++) {
            int j = oldUsed[n];
            long k = oldKeys[j];
            int i = (int) k & mask;
            while (keys[i] != 0) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            counts[i] = oldCounts[j];
            used[n] = i;
        }
    }

    /** Distinct keys held. */
    public int size() {
        return size;
    }

    /** Executions refused since creation because the table was full. */
    public long refused() {
        return refused;
    }

    /**
     * Empties the table for the next unit, keeping its arrays. Only the slots in use are cleared: a table
     * grown to 2,048 slots by one large unit made every later unit of three statements clear 16 KB.
     */
    public void clear() {
        for (int n = 0; n < size; n++) {
            keys[used[n]] = 0L;
        }
        size = 0;
    }
}
