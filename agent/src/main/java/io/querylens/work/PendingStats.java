package io.querylens.work;

import io.querylens.sql.DbInfo;
import io.querylens.stats.Buckets;
import io.querylens.stats.StatsRegistry;
import java.util.Arrays;

/**
 * A unit's statistics not yet added to the {@link StatsRegistry}, per entry of its {@code UnitStats}: counts,
 * sums, bucket counts and up to {@value #PAIRS} distinct latencies (by histogram bucket) with their counts, all in plain arrays the
 * owning thread writes.
 *
 * <p>Why: adding each execution to the shared statistics took six atomic increments (sum, duration bucket, two
 * in the latency histogram, rows, row bucket), about a fifth of the agent's time per statement in the lookup
 * benchmark; and under load, threads running the same statement contend for those same cache lines. A unit
 * repeats its statements, so added up here they cost one atomic per non-zero figure per fingerprint when
 * the unit ends ({@link #flush}). Statements keep being visible within about a second: the tracker flushes
 * after {@value #MAX_PENDING} events or {@code FLUSH_NANOS} of a unit's life, and the reaper flushes idle
 * threads' units.
 *
 * <p>Owned like its unit: one thread at a time (see {@link ThreadContext}).
 */
final class PendingStats {
    static final int MAX_PENDING = 256;
    static final int PAIRS = 8;
    private static final int DB = Buckets.DURATION_NANOS.length + 1;
    private static final int RB = Buckets.ROWS_LONG.length + 1;

    private int capacity;
    private int[] count = new int[0];
    private int[] errors = new int[0];
    private long[] nanos = new long[0];
    private int[] results = new int[0];
    private long[] rows = new long[0];
    private int[] durationBuckets = new int[0];
    private int[] rowBuckets = new int[0];
    private long[] latency = new long[0];
    private int[] latencyCount = new int[0];
    private int[] latencyUsed = new int[0];
    /** Per entry, which duration and row buckets hold counts (bit i = bucket i), so a flush visits only those. */
    private int[] durationMask = new int[0];
    private int[] rowMask = new int[0];
    /** Entries below this may hold something. */
    private int entries;
    /** Events since the last flush, and the time of the first of them. */
    int pending;
    long sinceNanos;

    private void ensure(int e) {
        if (e < capacity) {
            return;
        }
        int n = Math.max(16, Integer.highestOneBit(e) * 2);
        count = Arrays.copyOf(count, n);
        errors = Arrays.copyOf(errors, n);
        nanos = Arrays.copyOf(nanos, n);
        results = Arrays.copyOf(results, n);
        rows = Arrays.copyOf(rows, n);
        durationBuckets = Arrays.copyOf(durationBuckets, n * DB);
        rowBuckets = Arrays.copyOf(rowBuckets, n * RB);
        latency = Arrays.copyOf(latency, n * PAIRS);
        latencyCount = Arrays.copyOf(latencyCount, n * PAIRS);
        latencyUsed = Arrays.copyOf(latencyUsed, n);
        durationMask = Arrays.copyOf(durationMask, n);
        rowMask = Arrays.copyOf(rowMask, n);
        capacity = n;
    }

    private void touch(int e, long nowNanos) {
        if (e >= entries) {
            entries = e + 1;
        }
        if (pending++ == 0) {
            sinceNanos = nowNanos;
        }
    }

    /**
     * One execution of entry {@code e}. Returns false, keeping nothing, when its latency is one more distinct
     * value than the entry keeps: the caller adds the entry's latencies ({@link #flushLatencies}), which makes
     * room, and records it again.
     */
    boolean execution(int e, long durationNanos, boolean error, long nowNanos) {
        ensure(e);
        long d = durationNanos < 0 ? 0 : durationNanos;
        long micros = StatsRegistry.latencyMicros(d);
        int base = e * PAIRS;
        int used = latencyUsed[e];
        int j = 0;
        while (j < used && latency[base + j] != micros) {
            j++;
        }
        if (j == used) {
            if (used == PAIRS) {
                return false;
            }
            latency[base + j] = micros;
            latencyCount[base + j] = 0;
            latencyUsed[e] = used + 1;
        }
        latencyCount[base + j]++;
        touch(e, nowNanos);
        count[e]++;
        if (error) {
            errors[e]++;
        }
        nanos[e] += d;
        int b = Buckets.index(Buckets.DURATION_NANOS, d);
        durationBuckets[e * DB + b]++;
        durationMask[e] |= 1 << b;
        return true;
    }

    private static void clear(int[] counts, int offset, int mask) {
        for (int m = mask; m != 0; m &= m - 1) {
            counts[offset + Integer.numberOfTrailingZeros(m)] = 0;
        }
    }

    /** Adds entry {@code e}'s kept latencies to the shared histogram; its other figures stay pending. */
    void flushLatencies(StatsRegistry stats, Unit u, int e) {
        if (stats != null) {
            stats.addLatencies(u.stats.fingerprint(e), u.db[e], latency, latencyCount, e * PAIRS, latencyUsed[e]);
        }
        latencyUsed[e] = 0;
    }

    /** One result of entry {@code e}, {@code n} rows read. */
    void result(int e, long n, long nowNanos) {
        ensure(e);
        touch(e, nowNanos);
        results[e]++;
        rows[e] += Math.max(0, n);
        int b = Buckets.index(Buckets.ROWS_LONG, n);
        rowBuckets[e * RB + b]++;
        rowMask[e] |= 1 << b;
    }

    /**
     * Adds everything pending to {@code stats} (null: drops it), for the fingerprints and databases of
     * {@code u}'s entries; call before the unit's entries are cleared.
     */
    void flush(StatsRegistry stats, Unit u) {
        if (pending == 0) {
            return;
        }
        for (int e = 0; e < entries; e++) {
            if (count[e] == 0 && results[e] == 0) {
                continue;
            }
            DbInfo db = u.db != null && e < u.db.length ? u.db[e] : null;
            if (stats != null) {
                stats.add(u.stats.fingerprint(e), db, count[e], errors[e], nanos[e], durationBuckets, e * DB,
                        durationMask[e], latency, latencyCount, e * PAIRS, latencyUsed[e], results[e], rows[e],
                        rowBuckets, e * RB, rowMask[e]);
            }
            count[e] = 0;
            errors[e] = 0;
            nanos[e] = 0;
            results[e] = 0;
            rows[e] = 0;
            clear(durationBuckets, e * DB, durationMask[e]);
            clear(rowBuckets, e * RB, rowMask[e]);
            durationMask[e] = 0;
            rowMask[e] = 0;
            latencyUsed[e] = 0;
        }
        entries = 0;
        pending = 0;
    }
}
