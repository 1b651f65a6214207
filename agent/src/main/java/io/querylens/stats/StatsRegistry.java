package io.querylens.stats;

import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.AtomicHistogram;

/**
 * Statistics per fingerprint, addressed by {@link Fingerprint#index} in a fixed array (no map lookup on the
 * hot path). The first {@code maxHistograms} fingerprints get a latency histogram of their own; later
 * ones are still counted exactly, and their latency feeds a shared overflow histogram.
 */
public final class StatsRegistry {
    private final AtomicReferenceArray<StatementStats> byIndex;
    private final int maxHistograms;
    private final AtomicInteger histograms = new AtomicInteger();
    private final AtomicLong histogramsRefused = new AtomicLong();
    private final AtomicHistogram overflowLatency = StatementStats.newHistogram();
    private final AtomicLongArray connectionWaitBuckets = new AtomicLongArray(Buckets.DURATION_NANOS.length + 1);
    private final AtomicLong connectionWaits = new AtomicLong();
    private final AtomicLong connectionWaitNanos = new AtomicLong();
    private final AtomicLong connectionFailures = new AtomicLong();

    /** @param fingerprintCapacity the fingerprint registry's bound; index {@code capacity} is its overflow */
    public StatsRegistry(int fingerprintCapacity, int maxHistograms) {
        this.byIndex = new AtomicReferenceArray<>(fingerprintCapacity + 1);
        this.maxHistograms = maxHistograms;
    }

    /** Records one execution of {@code fp}. */
    public void record(Fingerprint fp, DbInfo db, long durationNanos, boolean error) {
        StatementStats s = stats(fp, db);
        s.record(durationNanos, error);
        if (!s.hasHistogram()) {
            overflowLatency.recordValue(StatementStats.micros(durationNanos));
        }
    }

    /**
     * The value a duration can be added to the latency histograms as ({@link #add}, {@link #addLatencies}):
     * its microseconds lowered to the smallest value of their histogram bucket, which changes no percentile,
     * minimum or maximum the histogram reports and lets equal buckets be counted together. Every latency
     * histogram has the overflow one's bucket layout.
     */
    public long latencyValue(long durationNanos) {
        return StatementStats.lowestEquivalentMicros(StatementStats.micros(durationNanos));
    }

    /** Adds {@code n} latencies for {@code fp}: (value, count) pairs at {@code pairs[offset...]}. */
    public void addLatencies(Fingerprint fp, DbInfo db, long[] pairs, int offset, int n) {
        StatementStats s = stats(fp, db);
        record(s.hasHistogram() ? s.latency() : overflowLatency, pairs, offset, n);
    }

    private static void record(AtomicHistogram h, long[] pairs, int offset, int n) {
        for (int j = 0; j < n; j++) {
            h.recordValueWithCount(pairs[offset + 2 * j], pairs[offset + 2 * j + 1]);
        }
    }

    /**
     * Adds what a thread added up for {@code fp} since it last did: {@code executions} (of which
     * {@code errors} failed) taking {@code nanos} in all, their duration bucket counts
     * ({@code durationBuckets[durationOffset...]}, as {@link Buckets#DURATION_NANOS}), {@code latencies}
     * distinct histogram values with their counts ({@code (value, count)} pairs at {@code latencyPairs[latencyOffset...]}), and
     * {@code results} results of {@code rows} rows in all with their row bucket counts. The masks say which
     * buckets hold counts (bit i = bucket i). One atomic operation per non-zero figure.
     */
    public void add(Fingerprint fp, DbInfo db, int executions, int errors, long nanos, long[] durationBuckets,
                    int durationOffset, int durationMask, long[] latencyPairs, int latencyOffset, int latencies,
                    int results, long rows, long[] rowBuckets, int rowOffset, int rowMask) {
        StatementStats s = stats(fp, db);
        s.add(executions, errors, nanos, durationBuckets, durationOffset, durationMask, results, rows, rowBuckets,
                rowOffset, rowMask);
        record(s.hasHistogram() ? s.latency() : overflowLatency, latencyPairs, latencyOffset, latencies);
    }

    public void recordRows(Fingerprint fp, long rows) {
        stats(fp, null).recordRows(rows);
    }

    public void recordConnectionWait(long nanos, boolean failed) {
        connectionWaits.incrementAndGet();
        connectionWaitNanos.addAndGet(Math.max(0, nanos));
        connectionWaitBuckets.incrementAndGet(Buckets.index(Buckets.DURATION_NANOS, nanos));
        if (failed) {
            connectionFailures.incrementAndGet();
        }
    }

    private StatementStats stats(Fingerprint fp, DbInfo db) {
        int i = Math.min(fp.index, byIndex.length() - 1);
        StatementStats s = byIndex.get(i);
        if (s == null) {
            s = create(i, fp);
        }
        if (db != null && s.db == null) {
            s.db = db;
        }
        return s;
    }

    private StatementStats create(int i, Fingerprint fp) {
        AtomicHistogram h = null;
        if (histograms.incrementAndGet() <= maxHistograms) {
            h = StatementStats.newHistogram();
        } else {
            histograms.decrementAndGet();
            histogramsRefused.incrementAndGet();
        }
        StatementStats created = new StatementStats(fp, h);
        if (byIndex.compareAndSet(i, null, created)) {
            return created;
        }
        if (h != null) {
            histograms.decrementAndGet();
        }
        return byIndex.get(i);
    }

    /** Every fingerprint's statistics, in index order (a snapshot of the list; the values keep moving). */
    public List<StatementStats> all() {
        List<StatementStats> out = new ArrayList<>();
        for (int i = 0; i < byIndex.length(); i++) {
            StatementStats s = byIndex.get(i);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    public long histogramsRefused() {
        return histogramsRefused.get();
    }

    public AtomicHistogram overflowLatency() {
        return overflowLatency;
    }

    public long connectionWaits() {
        return connectionWaits.get();
    }

    public long connectionWaitNanos() {
        return connectionWaitNanos.get();
    }

    public long connectionFailures() {
        return connectionFailures.get();
    }

    public long[] connectionWaitBuckets() {
        long[] out = new long[connectionWaitBuckets.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = connectionWaitBuckets.get(i);
        }
        return out;
    }
}
