package io.querylens.work;

import io.querylens.stats.Buckets;
import io.querylens.stats.StatsRegistry;
import java.util.Arrays;

/**
 * A unit's statistics not yet added to the {@link StatsRegistry}, per entry of its {@code UnitStats}: counts,
 * sums, bucket counts and up to {@value #PAIRS} distinct latencies (by histogram bucket) with their counts,
 * in one plain array the owning thread writes.
 *
 * <p>Why: adding each execution to the shared statistics took six atomic increments (sum, duration bucket, two
 * in the latency histogram, rows, row bucket), about a fifth of the agent's time per statement in the lookup
 * benchmark; and under load, threads running the same statement contend for those same cache lines. A unit
 * repeats its statements, so added up here they cost one atomic per non-zero figure per fingerprint when
 * the unit ends ({@link #flush}). Statements keep being visible within about a second: the tracker flushes
 * after {@value #MAX_PENDING} events or {@code FLUSH_NANOS} of a unit's life, and the reaper flushes idle
 * threads' units.
 *
 * <p>Layout: each entry's figures lie together ({@link #STRIDE} longs), so an execution touches about three
 * cache lines rather than one per figure. (With a loop over the tracker that also streamed 64 KB per
 * statement through the cache, as a driver's own work does, the tracker cost 52 ns per statement without
 * the stream and 86-104 ns with it; this layout did not measurably change that.)
 *
 * <p>Owned like its unit: one thread at a time (see {@link ThreadContext}).
 */
final class PendingStats {
    static final int MAX_PENDING = 256;
    static final int PAIRS = 8;
    private static final int DB = Buckets.DURATION_NANOS.length + 1;
    private static final int RB = Buckets.ROWS_LONG.length + 1;

    // offsets within an entry's stride
    private static final int COUNT = 0;
    private static final int ERRORS = 1;
    private static final int NANOS = 2;
    private static final int RESULTS = 3;
    private static final int ROWS = 4;
    /** Bits 0-15: duration buckets with counts; 16-31: row buckets with counts; 32-39: latencies kept. */
    private static final int MASKS = 5;
    private static final int DURATIONS = 6;
    private static final int ROW_BUCKETS = DURATIONS + DB;
    private static final int LATENCIES = ROW_BUCKETS + RB; // (value, count) pairs
    static final int STRIDE = LATENCIES + 2 * PAIRS;

    private long[] v = new long[0];
    private int capacity;
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
        v = Arrays.copyOf(v, n * STRIDE);
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
     * One execution of entry {@code e}, its latency as {@link StatsRegistry#latencyValue} gives it. Returns false, keeping nothing, when its latency is one more distinct
     * value than the entry keeps: the caller adds the entry's latencies ({@link #flushLatencies}), which makes
     * room, and records it again.
     */
    boolean execution(int e, long durationNanos, long micros, boolean error, long nowNanos) {
        ensure(e);
        long[] a = v;
        int base = e * STRIDE;
        long d = durationNanos < 0 ? 0 : durationNanos;
        long masks = a[base + MASKS];
        int used = (int) (masks >>> 32) & 0xff;
        int pair = base + LATENCIES;
        int j = 0;
        while (j < used && a[pair + 2 * j] != micros) {
            j++;
        }
        if (j == used) {
            if (used == PAIRS) {
                return false;
            }
            a[pair + 2 * j] = micros;
            a[pair + 2 * j + 1] = 0;
            masks += 1L << 32;
        }
        a[pair + 2 * j + 1]++;
        touch(e, nowNanos);
        a[base + COUNT]++;
        if (error) {
            a[base + ERRORS]++;
        }
        a[base + NANOS] += d;
        int b = Buckets.index(Buckets.DURATION_NANOS, d);
        a[base + DURATIONS + b]++;
        a[base + MASKS] = masks | 1L << b;
        return true;
    }

    /** One result of entry {@code e}, {@code n} rows read. */
    void result(int e, long n, long nowNanos) {
        ensure(e);
        touch(e, nowNanos);
        long[] a = v;
        int base = e * STRIDE;
        a[base + RESULTS]++;
        a[base + ROWS] += Math.max(0, n);
        int b = Buckets.index(Buckets.ROWS_LONG, n);
        a[base + ROW_BUCKETS + b]++;
        a[base + MASKS] |= 1L << (16 + b);
    }

    /**
     * Adds everything pending to {@code stats} (null: drops it), for the fingerprints and databases of
     * {@code u}'s entries; call before the unit's entries are cleared.
     */
    void flush(StatsRegistry stats, Unit u) {
        if (pending == 0) {
            return;
        }
        long[] a = v;
        for (int e = 0; e < entries; e++) {
            int base = e * STRIDE;
            long masks = a[base + MASKS];
            if (masks == 0) {
                continue;
            }
            if (stats != null) {
                stats.add(u.stats.fingerprint(e), u.db[e], (int) a[base + COUNT], (int) a[base + ERRORS],
                        a[base + NANOS], a, base + DURATIONS, (int) masks & 0xffff, a, base + LATENCIES,
                        (int) (masks >>> 32) & 0xff, (int) a[base + RESULTS], a[base + ROWS], a, base + ROW_BUCKETS,
                        (int) (masks >>> 16) & 0xffff);
            }
            clear(a, base + DURATIONS, (int) masks & 0xffff);
            clear(a, base + ROW_BUCKETS, (int) (masks >>> 16) & 0xffff);
            a[base + COUNT] = 0;
            a[base + ERRORS] = 0;
            a[base + NANOS] = 0;
            a[base + RESULTS] = 0;
            a[base + ROWS] = 0;
            a[base + MASKS] = 0;
        }
        entries = 0;
        pending = 0;
    }

    private static void clear(long[] a, int offset, int mask) {
        for (int m = mask; m != 0; m &= m - 1) {
            a[offset + Integer.numberOfTrailingZeros(m)] = 0;
        }
    }

    /** Adds entry {@code e}'s kept latencies to the shared histogram; its other figures stay pending. */
    void flushLatencies(StatsRegistry stats, Unit u, int e) {
        int base = e * STRIDE;
        long masks = v[base + MASKS];
        if (stats != null) {
            stats.addLatencies(u.stats.fingerprint(e), u.db[e], v, base + LATENCIES, (int) (masks >>> 32) & 0xff);
        }
        v[base + MASKS] = masks & 0xffffffffL;
    }
}
