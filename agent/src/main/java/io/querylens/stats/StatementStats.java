package io.querylens.stats;

import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.AtomicHistogram;

/**
 * Running totals for one fingerprint since start: exact count, errors, rows, the latency distribution
 * (HdrHistogram, for percentiles) and bucket counts in the OpenTelemetry conventions' boundaries (for the
 * metrics, produced from these counters at collection time so the hot path never calls the SDK).
 *
 * <p>Recording is lock-free and allocation-free: a handful of atomic increments. Counts that a sum of
 * bucket counts gives (executions, results) have no counter of their own: each atomic increment costs
 * about 5 ns, and they were two of eight per statement. {@link AtomicHistogram}
 * rather than a {@code Recorder} because a Recorder keeps two histograms (and a reader a third), and the
 * agent's heap budget is 32 MB: one histogram with two significant digits over 1 µs to 1 h is about 27 KB.
 */
public final class StatementStats {
    static final long HIGHEST_MICROS = 3_600_000_000L;

    public final Fingerprint fingerprint;
    /** The database of the first execution seen; statements of one fingerprint rarely span databases. */
    public volatile DbInfo db;
    /** Sum of durations, rows, errors: one array, so adding a unit's figures writes one cache line, not three. */
    private final AtomicLongArray sums = new AtomicLongArray(3);
    private static final int TOTAL_NANOS = 0;
    private static final int ROWS = 1;
    private static final int ERRORS = 2;
    private final AtomicLongArray durationBuckets = new AtomicLongArray(Buckets.DURATION_NANOS.length + 1);
    private final AtomicLongArray rowBuckets = new AtomicLongArray(Buckets.ROWS_LONG.length + 1);
    /** Null when over the histogram bound: latency then goes to the shared overflow histogram only. */
    private final AtomicHistogram latencyMicros;

    StatementStats(Fingerprint fingerprint, AtomicHistogram latencyMicros) {
        this.fingerprint = fingerprint;
        this.latencyMicros = latencyMicros;
    }

    /** A duration as the latency histograms record it: microseconds, at least 1, at most an hour. */
    static long micros(long durationNanos) {
        return Math.min(HIGHEST_MICROS, Math.max(1, durationNanos / 1000));
    }

    /**
     * {@code AbstractHistogram.lowestEquivalentValue} of the layout {@link #newHistogram} makes, as arithmetic:
     * two significant digits give 256 sub-buckets, so a value keeps its 8 highest bits. Two shifts, where the
     * histogram's own method reads its layout fields through three calls: every execution pays it once
     * (LatencyLayoutTest checks the two agree).
     */
    static long lowestEquivalentMicros(long micros) {
        int shift = 56 - Long.numberOfLeadingZeros(micros);
        return shift <= 0 ? micros : micros >>> shift << shift;
    }

    static AtomicHistogram newHistogram() {
        return new AtomicHistogram(1, HIGHEST_MICROS, 2);
    }

    /** One execution (a batch counts as one operation). */
    public void record(long durationNanos, boolean error) {
        if (error) {
            sums.incrementAndGet(ERRORS);
        }
        long d = durationNanos < 0 ? 0 : durationNanos;
        sums.addAndGet(TOTAL_NANOS, d);
        durationBuckets.incrementAndGet(Buckets.index(Buckets.DURATION_NANOS, d));
        if (latencyMicros != null) {
            latencyMicros.recordValue(micros(d));
        }
    }

    /** Sums added up elsewhere (see {@link StatsRegistry#add}); the latency histogram is the caller's. */
    void add(int executions, int errorCount, long nanos, long[] durations, int durationOffset, int durationMask,
             int results, long rowCount, long[] rowCounts, int rowOffset, int rowMask) {
        if (executions > 0) {
            if (errorCount > 0) {
                sums.addAndGet(ERRORS, errorCount);
            }
            sums.addAndGet(TOTAL_NANOS, nanos);
            addBuckets(durationBuckets, durations, durationOffset, durationMask);
        }
        if (results > 0) {
            sums.addAndGet(ROWS, rowCount);
            addBuckets(rowBuckets, rowCounts, rowOffset, rowMask);
        }
    }

    private static void addBuckets(AtomicLongArray target, long[] counts, int offset, int mask) {
        for (int m = mask; m != 0; m &= m - 1) {
            int i = Integer.numberOfTrailingZeros(m);
            target.addAndGet(i, counts[offset + i]);
        }
    }

    AtomicHistogram latency() {
        return latencyMicros;
    }

    /** Rows read from one result. */
    public void recordRows(long n) {
        sums.addAndGet(ROWS, n);
        rowBuckets.incrementAndGet(Buckets.index(Buckets.ROWS_LONG, n));
    }

    /** Executions: the sum of the duration buckets, one of which each execution increments. */
    public long count() {
        return sum(durationBuckets);
    }

    public long errors() {
        return sums.get(ERRORS);
    }

    public long rows() {
        return sums.get(ROWS);
    }

    /** Results read: the sum of the row buckets. */
    public long results() {
        return sum(rowBuckets);
    }

    private static long sum(AtomicLongArray a) {
        long n = 0;
        for (int i = 0; i < a.length(); i++) {
            n += a.get(i);
        }
        return n;
    }

    public long totalNanos() {
        return sums.get(TOTAL_NANOS);
    }

    public boolean hasHistogram() {
        return latencyMicros != null;
    }

    /** Latency at {@code percentile} (0-100) in microseconds, or -1 without a histogram of its own. */
    public long percentileMicros(double percentile) {
        return latencyMicros == null ? -1 : latencyMicros.getValueAtPercentile(percentile);
    }

    /** Executions in the latency histogram, or -1 without a histogram of its own. */
    public long latencyCount() {
        return latencyMicros == null ? -1 : latencyMicros.getTotalCount();
    }

    /** Executions the latency histogram holds at {@code micros} (as its bucket of that value), or -1 without one. */
    public long latencyCountAt(long micros) {
        return latencyMicros == null ? -1 : latencyMicros.getCountAtValue(micros);
    }

    public long maxMicros() {
        return latencyMicros == null ? -1 : latencyMicros.getMaxValue();
    }

    public long[] durationBuckets() {
        return copy(durationBuckets);
    }

    public long[] rowBuckets() {
        return copy(rowBuckets);
    }

    private static long[] copy(AtomicLongArray a) {
        long[] out = new long[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }
}
