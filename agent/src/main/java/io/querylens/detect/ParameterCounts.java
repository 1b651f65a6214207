package io.querylens.detect;

/**
 * How often each (fingerprint, parameter hash) pair ran in one unit of work: a bounded multiset of
 * 64-bit keys in an open-addressing table (linear probing, load factor at most 1/2), each key beside its
 * count so that a lookup reads and writes one cache line.
 *
 * <p>Most units run few distinct parameter sets, so a unit's first {@value #FEW} keys are kept in a short
 * list, scanned in order, allocated with this object; only a unit with more moves them into the hash table.
 * A key hashed into the table lands on a cache line of its own, which a database driver's work between two
 * statements has evicted (measured: see the README's Performance section).
 *
 * <p>The table starts small and doubles up to its bound, keeping the grown arrays when it is
 * {@link #clear()}ed for the next unit, so a thread in steady state allocates nothing. At the bound, keys
 * not yet present are refused and counted: a refused execution is neither a new parameter set nor a repeat.
 */
public final class ParameterCounts {
    private static final int INITIAL = 64;
    /** Keys a unit holds in {@link #few} before they move to the table. */
    static final int FEW = 4;
    private final int maxKeys;
    /** Pairs: key at 2i, count at 2i + 1, for the unit's first {@code size} keys while {@link #hashed} is false. */
    private final long[] few = new long[2 * FEW];
    /** Whether the keys are in {@link #table} (the unit had more than {@value #FEW}). */
    private boolean hashed;
    /** Slot i: key at 2i (0 = empty), count at 2i + 1. */
    private long[] table;
    /** The slots in use, in insertion order, so that {@link #clear()} costs O(keys held), not O(capacity). */
    private int[] used;
    private int size;
    private long refused;

    /** @param maxKeys the most distinct keys kept per unit */
    public ParameterCounts(int maxKeys) {
        this.maxKeys = Math.max(1, maxKeys);
        table = new long[INITIAL * 2];
        used = new int[INITIAL / 2];
    }

    /** The key of one execution: a well-mixed combination of the fingerprint and its parameters' hash. */
    public static long key(int fingerprintIndex, long parameterHash) {
        // one multiply by an odd constant is a bijection, so keys are as distinct as their inputs; the shift
        // brings the product's well-mixed high bits down to the low ones the table indexes by (the parameter
        // hash is already mixed, per value, as the statement binds it)
        long h = (parameterHash ^ (fingerprintIndex * 0x9E3779B97F4A7C15L)) * 0xff51afd7ed558ccdL;
        h ^= h >>> 32;
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    /**
     * Counts one occurrence of {@code key} and returns how often it has now occurred in this unit (1 the
     * first time), or 0 when the table is full and the key was not present.
     */
    public int add(long key) {
        if (!hashed) {
            long[] f = few;
            int n = size;
            for (int j = 0; j < n; j++) {
                if (f[2 * j] == key) {
                    return (int) ++f[2 * j + 1];
                }
            }
            if (n < FEW && n < maxKeys) {
                f[2 * n] = key;
                f[2 * n + 1] = 1;
                size = n + 1;
                return 1;
            }
            if (n >= maxKeys) {
                refused++;
                return 0;
            }
            spill();
        }
        long[] t = table;
        int mask = t.length / 2 - 1;
        int i = (int) key & mask;
        while (true) {
            long k = t[2 * i];
            if (k == key) {
                return (int) ++t[2 * i + 1];
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
        if ((size + 1) * 2 > t.length / 2) {
            grow();
            return add(key);
        }
        t[2 * i] = key;
        t[2 * i + 1] = 1;
        used[size++] = i;
        return 1;
    }

    /** Moves the short list's keys into the table (which is empty: see {@link #clear()}). */
    private void spill() {
        long[] f = few;
        int n = size;
        long[] t = table;
        int mask = t.length / 2 - 1;
        for (int j = 0; j < n; j++) {
            int i = (int) f[2 * j] & mask;
            while (t[2 * i] != 0) {
                i = (i + 1) & mask;
            }
            t[2 * i] = f[2 * j];
            t[2 * i + 1] = f[2 * j + 1];
            used[j] = i;
        }
        hashed = true;
    }

    private void grow() {
        long[] old = table;
        int[] oldUsed = used;
        int slots = old.length; // twice the old slot count
        long[] t = new long[slots * 2];
        used = new int[slots / 2];
        int mask = slots - 1;
        for (int n = 0; n < size; n++) {
            int j = oldUsed[n];
            long k = old[2 * j];
            int i = (int) k & mask;
            while (t[2 * i] != 0) {
                i = (i + 1) & mask;
            }
            t[2 * i] = k;
            t[2 * i + 1] = old[2 * j + 1];
            used[n] = i;
        }
        table = t;
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
        if (hashed) {
            for (int n = 0; n < size; n++) {
                table[2 * used[n]] = 0L;
            }
            hashed = false;
        }
        size = 0;
    }
}
