package io.querylens.detect;

import io.querylens.sql.Fingerprint;
import java.util.Arrays;

/**
 * The statements of one unit of work, by fingerprint: what the detectors need to judge the unit, and the
 * totals its statement groups report.
 *
 * <p>Each distinct fingerprint gets an <em>entry</em>, numbered 0, 1, 2... in order of first execution;
 * entries are found through an open-addressing table keyed by {@link Fingerprint#index} (key and entry side
 * by side), and each entry's figures lie together in one array ({@link #STRIDE} longs), so a statement
 * writes two or three cache lines of the unit rather than one per figure: a line that has left the cache
 * costs its fetch at the next atomic or locked instruction, and a database driver's own work between two
 * statements evicts them. Each built-in detector owns one {@code int} counter per entry
 * ({@link #counter}, indexed by its {@link Types} id). Arrays start small and double up to
 * {@code maxEntries}; {@link #clear()} keeps them, so a thread's unit object, once grown to its working
 * set, records statements without allocating. Executions of fingerprints beyond the bound are counted in
 * {@link #overflow()} only.
 *
 * <p>Not thread-safe: one unit of work is updated by one thread at a time.
 */
public final class UnitStats {
    private static final int INITIAL = 16;

    // offsets within an entry's figures
    private static final int COUNT = 0;
    private static final int ERRORS = 1;
    private static final int TOTAL_NANOS = 2;
    private static final int ROWS = 3;
    private static final int FIRST_START = 4;
    private static final int LAST_END = 5;
    static final int STRIDE = 6;

    private final int maxEntries;
    private int size;
    private int overflow;
    /** Hash table, pairs of ints: key = fingerprint index + 1 (0 = empty), then the entry. */
    private int[] hash;

    private Fingerprint[] fingerprints;
    /** Per entry, where its key sits in {@link #hash}. */
    private int[] positions;
    private long[] figures;
    private int[] counters;

    private final ParameterCounts parameters;

    /**
     * @param maxEntries    the most distinct fingerprints tracked per unit
     * @param maxParameters the most distinct (fingerprint, parameters) pairs tracked per unit
     */
    public UnitStats(int maxEntries, int maxParameters) {
        this.maxEntries = Math.max(1, maxEntries);
        this.parameters = new ParameterCounts(maxParameters);
        allocate(Math.min(INITIAL, this.maxEntries));
    }

    private void allocate(int capacity) {
        fingerprints = fingerprints == null ? new Fingerprint[capacity] : Arrays.copyOf(fingerprints, capacity);
        positions = positions == null ? new int[capacity] : Arrays.copyOf(positions, capacity);
        figures = figures == null ? new long[capacity * STRIDE] : Arrays.copyOf(figures, capacity * STRIDE);
        counters = counters == null ? new int[capacity * Types.COUNT] : Arrays.copyOf(counters, capacity * Types.COUNT);
        int hashCapacity = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2;
        hash = new int[hashCapacity * 2];
        for (int e = 0; e < size; e++) {
            positions[e] = insert(fingerprints[e].index + 1, e);
        }
    }

    private int insert(int key, int entry) {
        int mask = hash.length / 2 - 1;
        int i = mix(key) & mask;
        while (hash[2 * i] != 0) {
            i = (i + 1) & mask;
        }
        hash[2 * i] = key;
        hash[2 * i + 1] = entry;
        return i;
    }

    private static int mix(int key) {
        return key * 0x9E3779B9 >>> 7;
    }

    /** The entry of {@code fp}, or -1 when it has not run in this unit. */
    public int find(Fingerprint fp) {
        int key = fp.index + 1;
        int[] h = hash;
        int mask = h.length / 2 - 1;
        int i = mix(key) & mask;
        while (true) {
            int k = h[2 * i];
            if (k == key) {
                return h[2 * i + 1];
            }
            if (k == 0) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Records one execution of {@code fp} and returns its entry, or -1 when the unit already tracks
     * {@code maxEntries} other fingerprints (the execution is then counted in {@link #overflow()}).
     */
    public int execution(Fingerprint fp, long startNanos, long durationNanos, boolean error) {
        int e = find(fp);
        if (e < 0) {
            e = add(fp, startNanos);
            if (e < 0) {
                overflow++;
                return -1;
            }
        }
        long[] f = figures;
        int b = e * STRIDE;
        f[b + COUNT]++;
        if (error) {
            f[b + ERRORS]++;
        }
        long d = Math.max(0, durationNanos);
        f[b + TOTAL_NANOS] += d;
        f[b + LAST_END] = startNanos + d;
        return e;
    }

    private int add(Fingerprint fp, long startNanos) {
        if (size >= maxEntries) {
            return -1;
        }
        if (size == fingerprints.length) {
            allocate(Math.min(maxEntries, size * 2));
        }
        int e = size++;
        fingerprints[e] = fp;
        positions[e] = insert(fp.index + 1, e);
        figures[e * STRIDE + FIRST_START] = startNanos;
        return e;
    }

    /** Adds rows read from one result of entry {@code e}. */
    public void rows(int e, long n) {
        figures[e * STRIDE + ROWS] += Math.max(0, n);
    }

    /** Increments detector counter {@code c} of entry {@code e} and returns its new value. */
    public int bump(int e, int c) {
        return ++counters[e * Types.COUNT + c];
    }

    public int counter(int e, int c) {
        return counters[e * Types.COUNT + c];
    }

    public void counter(int e, int c, int value) {
        counters[e * Types.COUNT + c] = value;
    }

    /** See {@link ParameterCounts#add}: occurrences of these parameters for this fingerprint so far. */
    public int parameters(Fingerprint fp, long parameterHash) {
        return parameters.add(ParameterCounts.key(fp.index, parameterHash));
    }

    public int size() {
        return size;
    }

    /** Current capacity in entries (grows up to the bound); callers keeping per-entry arrays size them by it. */
    public int capacity() {
        return fingerprints.length;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** Executions not tracked because the unit had too many distinct fingerprints. */
    public int overflow() {
        return overflow;
    }

    public Fingerprint fingerprint(int e) {
        return fingerprints[e];
    }

    public int count(int e) {
        return (int) figures[e * STRIDE + COUNT];
    }

    public int errors(int e) {
        return (int) figures[e * STRIDE + ERRORS];
    }

    public long totalNanos(int e) {
        return figures[e * STRIDE + TOTAL_NANOS];
    }

    public long rows(int e) {
        return figures[e * STRIDE + ROWS];
    }

    public long firstStartNanos(int e) {
        return figures[e * STRIDE + FIRST_START];
    }

    public long lastEndNanos(int e) {
        return figures[e * STRIDE + LAST_END];
    }

    /** Executions refused by the parameter table's bound since creation. */
    public long parametersRefused() {
        return parameters.refused();
    }

    /** Empties the unit for reuse, keeping the grown arrays: O(entries used). */
    public void clear() {
        int n = size;
        for (int e = 0; e < n; e++) {
            hash[2 * positions[e]] = 0;
            fingerprints[e] = null;
        }
        Arrays.fill(figures, 0, n * STRIDE, 0L);
        Arrays.fill(counters, 0, n * Types.COUNT, 0);
        size = 0;
        overflow = 0;
        parameters.clear();
    }
}
