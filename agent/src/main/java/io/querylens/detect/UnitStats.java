package io.querylens.detect;

import io.querylens.sql.Fingerprint;
import java.util.Arrays;

/**
 * The statements of one unit of work, by fingerprint: what the detectors need to judge the unit, and the
 * totals its statement groups report.
 *
 * <p>Each distinct fingerprint gets an <em>entry</em>, numbered 0, 1, 2... in order of first execution;
 * entries are found through an open-addressing table keyed by {@link Fingerprint#index}, and the entry
 * found last is remembered, since a unit often runs one statement several times in a row. Each entry's
 * figures and its detector counters ({@link #counter}, one per {@link Types} id) lie together in one
 * array, {@link #STRIDE} longs (two cache lines) apiece: a statement reads and writes those two lines and
 * the unit's own, where figures and counters in arrays of their own cost two more lines (and each array's
 * header, for its bounds check) that a database driver's own work between two statements evicts. Arrays
 * start small and double up to {@code maxEntries}; {@link #clear()} keeps them, so a thread's unit
 * object, once grown to its working set, records statements without allocating. Executions of
 * fingerprints beyond the bound are counted in {@link #overflow()} only.
 *
 * <p>{@link #clear()} also keeps the table: a thread's next unit usually runs the same statements in the
 * same order (a transaction, an endpoint's request), so each fingerprint finds its old entry number again,
 * the next one due, and takes it back without a probe's writes ({@link #mapped} entries are in the table,
 * the first {@link #size} of them in this unit). A fingerprint that comes out of that order empties the
 * table of the entries not yet taken back and is added as before. Emptying the table at every end and
 * filling it again at every first execution cost three cache lines per unit (the table, the positions and
 * the fingerprints), which the driver's work between two units evicts.
 *
 * <p>Not thread-safe: one unit of work is updated by one thread at a time.
 */
public final class UnitStats {
    private static final int INITIAL = 16;

    // offsets within an entry's stride
    private static final int COUNT = 0;
    private static final int ERRORS = 1;
    private static final int TOTAL_NANOS = 2;
    private static final int ROWS = 3;
    private static final int FIRST_START = 4;
    private static final int LAST_END = 5;
    private static final int COUNTERS = 6;
    static final int STRIDE = 16;

    static {
        if (COUNTERS + Types.COUNT > STRIDE) {
            throw new AssertionError("an entry's counters do not fit its stride");
        }
    }

    private final int maxEntries;
    private int size;
    /** Entries in {@link #hash}: this unit's ({@code < size}) and, after them, an earlier unit's not taken back. */
    private int mapped;
    private int overflow;
    /** The fingerprint index looked up last (-1: none) and its entry. */
    private int lastIndex = -1;
    private int lastEntry;
    /** Hash table, pairs of ints: key = fingerprint index + 1 (0 = empty), then the entry. */
    private int[] hash;

    private Fingerprint[] fingerprints;
    /** Per entry, where its key sits in {@link #hash}. */
    private int[] positions;
    /** Per entry, {@link #STRIDE} longs: its figures, then its detector counters. */
    private long[] entries;

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
        entries = entries == null ? new long[capacity * STRIDE] : Arrays.copyOf(entries, capacity * STRIDE);
        int hashCapacity = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2;
        hash = new int[hashCapacity * 2];
        for (int e = 0; e < mapped; e++) {
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
        int e = mappedEntry(fp);
        return e < size ? e : -1;
    }

    /** The entry {@code fp} has in the table, this unit's or an earlier one's (see {@link #mapped}), or -1. */
    private int mappedEntry(Fingerprint fp) {
        int index = fp.index;
        if (index == lastIndex) {
            return lastEntry;
        }
        int key = index + 1;
        int[] h = hash;
        int mask = h.length / 2 - 1;
        int i = mix(key) & mask;
        while (true) {
            int k = h[2 * i];
            if (k == key) {
                int e = h[2 * i + 1];
                lastIndex = index;
                lastEntry = e;
                return e;
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
        int e = mappedEntry(fp);
        if (e >= size) {
            if (e == size) { // an earlier unit's entry, next in its order: taken back as it is
                size = e + 1;
                entries[e * STRIDE + FIRST_START] = startNanos;
            } else {
                e = -1;
            }
        }
        if (e < 0) {
            e = add(fp, startNanos);
            if (e < 0) {
                overflow++;
                return -1;
            }
        }
        long[] f = entries;
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
        if (mapped > size) {
            forgetUntaken();
        }
        if (size >= maxEntries) {
            return -1;
        }
        if (size == fingerprints.length) {
            allocate(Math.min(maxEntries, size * 2));
        }
        int e = size++;
        mapped = size;
        if (fingerprints[e] != fp) { // the slot keeps its last unit's fingerprint: see clear()
            fingerprints[e] = fp;
        }
        positions[e] = insert(fp.index + 1, e);
        entries[e * STRIDE + FIRST_START] = startNanos;
        lastIndex = fp.index;
        lastEntry = e;
        return e;
    }

    /**
     * Empties the table of the earlier unit's entries this one has not taken back. They were inserted after
     * this unit's (entries enter the table in their order), so removing them breaks no probe sequence of
     * the entries that stay.
     */
    private void forgetUntaken() {
        for (int e = size; e < mapped; e++) {
            hash[2 * positions[e]] = 0;
        }
        mapped = size;
        if (lastEntry >= size) {
            lastIndex = -1;
        }
    }

    /** Adds rows read from one result of entry {@code e}. */
    public void rows(int e, long n) {
        entries[e * STRIDE + ROWS] += Math.max(0, n);
    }

    /** Increments detector counter {@code c} of entry {@code e} and returns its new value. */
    public int bump(int e, int c) {
        return (int) ++entries[e * STRIDE + COUNTERS + c];
    }

    public int counter(int e, int c) {
        return (int) entries[e * STRIDE + COUNTERS + c];
    }

    public void counter(int e, int c, int value) {
        entries[e * STRIDE + COUNTERS + c] = value;
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
        return (int) entries[e * STRIDE + COUNT];
    }

    public int errors(int e) {
        return (int) entries[e * STRIDE + ERRORS];
    }

    public long totalNanos(int e) {
        return entries[e * STRIDE + TOTAL_NANOS];
    }

    public long rows(int e) {
        return entries[e * STRIDE + ROWS];
    }

    public long firstStartNanos(int e) {
        return entries[e * STRIDE + FIRST_START];
    }

    public long lastEndNanos(int e) {
        return entries[e * STRIDE + LAST_END];
    }

    /** Executions refused by the parameter table's bound since creation. */
    public long parametersRefused() {
        return parameters.refused();
    }

    /**
     * Empties the unit for reuse, keeping the grown arrays and the table (see the class comment): O(entries
     * used). The fingerprints stay in their slots too (they live in the registry anyway): under G1 each
     * reference written into this long-lived array costs a memory fence in the write barrier.
     */
    public void clear() {
        Arrays.fill(entries, 0, size * STRIDE, 0L);
        size = 0;
        overflow = 0;
        parameters.clear();
    }
}
