package io.querylens.detect;

import io.querylens.sql.Fingerprint;
import java.util.Arrays;

/**
 * The statements of one unit of work, by fingerprint: what the detectors need to judge the unit, and the
 * totals its statement groups report.
 *
 * <p>Each distinct fingerprint gets an <em>entry</em>, numbered 0, 1, 2... in order of first execution;
 * entries are found through an open-addressing table keyed by {@link Fingerprint#index}, and their
 * values live in parallel primitive arrays. Each built-in detector owns one {@code int} counter per entry
 * ({@link #counter}, indexed by its {@link Types} id). Arrays start small and double up to
 * {@code maxEntries}; {@link #clear()} keeps them, so a thread's unit object, once grown to its working
 * set, records statements without allocating. Executions of fingerprints beyond the bound are counted in
 * {@link #overflow()} only.
 *
 * <p>Not thread-safe: one unit of work is updated by one thread at a time.
 */
public final class UnitStats {
    private static final int INITIAL = 16;

    private final int maxEntries;
    private int size;
    private int overflow;
    /** Hash table: key = fingerprint index + 1 (0 = empty), value = entry. */
    private int[] hashKeys;
    private int[] hashEntries;

    private Fingerprint[] fingerprints;
    private int[] positions;
    private int[] count;
    private int[] errors;
    private long[] totalNanos;
    private long[] rows;
    private long[] firstStartNanos;
    private long[] lastEndNanos;
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
        positions = grow(positions, capacity);
        count = grow(count, capacity);
        errors = grow(errors, capacity);
        totalNanos = grow(totalNanos, capacity);
        rows = grow(rows, capacity);
        firstStartNanos = grow(firstStartNanos, capacity);
        lastEndNanos = grow(lastEndNanos, capacity);
        counters = grow(counters, capacity * Types.COUNT);
        int hashCapacity = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2;
        hashKeys = new int[hashCapacity];
        hashEntries = new int[hashCapacity];
        for (int e = 0; e < size; e++) {
            positions[e] = insert(fingerprints[e].index + 1, e);
        }
    }

    private static int[] grow(int[] a, int n) {
        return a == null ? new int[n] : Arrays.copyOf(a, n);
    }

    private static long[] grow(long[] a, int n) {
        return a == null ? new long[n] : Arrays.copyOf(a, n);
    }

    private int insert(int key, int entry) {
        int mask = hashKeys.length - 1;
        int i = mix(key) & mask;
        while (hashKeys[i] != 0) {
            i = (i + 1) & mask;
        }
        hashKeys[i] = key;
        hashEntries[i] = entry;
        return i;
    }

    private static int mix(int key) {
        return key * 0x9E3779B9 >>> 7;
    }

    /** The entry of {@code fp}, or -1 when it has not run in this unit. */
    public int find(Fingerprint fp) {
        int key = fp.index + 1;
        int mask = hashKeys.length - 1;
        int i = mix(key) & mask;
        while (true) {
            int k = hashKeys[i];
            if (k == key) {
                return hashEntries[i];
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
        count[e]++;
        if (error) {
            errors[e]++;
        }
        totalNanos[e] += Math.max(0, durationNanos);
        lastEndNanos[e] = startNanos + Math.max(0, durationNanos);
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
        firstStartNanos[e] = startNanos;
        return e;
    }

    /** Adds rows read from one result of entry {@code e}. */
    public void rows(int e, long n) {
        rows[e] += Math.max(0, n);
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
        return count[e];
    }

    public int errors(int e) {
        return errors[e];
    }

    public long totalNanos(int e) {
        return totalNanos[e];
    }

    public long rows(int e) {
        return rows[e];
    }

    public long firstStartNanos(int e) {
        return firstStartNanos[e];
    }

    public long lastEndNanos(int e) {
        return lastEndNanos[e];
    }

    /** Executions refused by the parameter table's bound since creation. */
    public long parametersRefused() {
        return parameters.refused();
    }

    /** Empties the unit for reuse, keeping the grown arrays: O(entries used). */
    public void clear() {
        for (int e = 0; e < size; e++) {
            hashKeys[positions[e]] = 0;
            fingerprints[e] = null;
            count[e] = 0;
            errors[e] = 0;
            totalNanos[e] = 0;
            rows[e] = 0;
            firstStartNanos[e] = 0;
            lastEndNanos[e] = 0;
        }
        Arrays.fill(counters, 0, size * Types.COUNT, 0);
        size = 0;
        overflow = 0;
        parameters.clear();
    }
}
