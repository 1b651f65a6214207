package io.querylens.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import io.querylens.stats.Buckets;
import io.querylens.stats.StatementStats;
import io.querylens.stats.StatsRegistry;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link StatsRegistry} into the database client metrics at each collection, so the statement hot path
 * never calls the SDK (an SDK histogram record costs ~34 ns; the registry's counters are a few atomic adds).
 * Produces CUMULATIVE explicit-bucket histograms:
 * <ul>
 *   <li>{@code db.client.operation.duration} (s, {@link Buckets#DURATION_SECONDS}),</li>
 *   <li>{@code db.client.response.returned_rows} ({row}, {@link Buckets#ROWS}),</li>
 *   <li>{@code db.client.connection.wait_time} (s, no attributes).</li>
 * </ul>
 * The first two carry {@code db.system.name}, {@code db.namespace}, {@code server.address}, {@code server.port},
 * {@code db.operation.name}, {@code db.collection.name} and {@code querylens.fingerprint}: the fingerprint's hex
 * for at most {@code maxFingerprints} fingerprints, {@code "other"} for all the rest, so the number of series
 * is bounded whatever the workload.
 *
 * <p>Which fingerprints get a series of their own: at each collection, while there are free places, the
 * fingerprints with the most executions not yet chosen. A chosen fingerprint keeps its place (series that come
 * and go would make Prometheus see counter resets). A fingerprint chosen after it was already reported inside
 * {@code "other"} starts its own series at that moment from zero, and what it had counted stays in
 * {@code "other"}: every series only ever grows.
 */
final class StatsMetricProducer implements MetricProducer {
    static final String OTHER = "other";
    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");
    static final AttributeKey<String> FINGERPRINT = AttributeKey.stringKey("querylens.fingerprint");

    private static final List<Double> DURATION_BOUNDS = boxed(Buckets.DURATION_SECONDS);
    private static final List<Double> ROW_BOUNDS = boxed(Buckets.ROWS);

    private final StatsRegistry stats;
    private final int maxFingerprints;
    private final Clock clock;
    private final long startEpochNanos;
    private final InstrumentationScopeInfo scope;
    /** Fingerprints with a series of their own, at most {@code maxFingerprints}. Guarded by this. */
    private final Map<Fingerprint, Chosen> chosen = new IdentityHashMap<>();
    /** Indices of fingerprints present at an earlier collection (so reported, inside "other" if not chosen). */
    private final BitSet seen = new BitSet();

    StatsMetricProducer(StatsRegistry stats, int maxFingerprints) {
        this(stats, maxFingerprints, Clock.getDefault());
    }

    StatsMetricProducer(StatsRegistry stats, int maxFingerprints, Clock clock) {
        this.stats = stats;
        this.maxFingerprints = maxFingerprints;
        this.clock = clock;
        this.startEpochNanos = clock.now();
        this.scope = Telemetry.VERSION == null ? InstrumentationScopeInfo.create(Telemetry.SCOPE)
                : InstrumentationScopeInfo.builder(Telemetry.SCOPE).setVersion(Telemetry.VERSION).build();
    }

    /** A chosen fingerprint: its series starts at {@code start}, counting from {@code base}. */
    private static final class Chosen {
        final long start;
        final Snapshot base;

        Chosen(long start, Snapshot base) {
            this.start = start;
            this.base = base;
        }
    }

    /** One fingerprint's counters read once, so a point's count always equals the sum of its buckets. */
    private static final class Snapshot {
        final long[] duration;
        final long totalNanos;
        final long[] rows;
        final long rowSum;

        Snapshot(long[] duration, long totalNanos, long[] rows, long rowSum) {
            this.duration = duration;
            this.totalNanos = totalNanos;
            this.rows = rows;
            this.rowSum = rowSum;
        }

        static Snapshot of(StatementStats s) {
            return new Snapshot(s.durationBuckets(), s.totalNanos(), s.rowBuckets(), s.rows());
        }

        static Snapshot zero() {
            return new Snapshot(new long[Buckets.DURATION_NANOS.length + 1], 0,
                    new long[Buckets.ROWS_LONG.length + 1], 0);
        }

        long count() {
            return sum(duration);
        }
    }

    /** Running sums for one series. */
    private static final class Series {
        final long start;
        final long[] duration = new long[Buckets.DURATION_NANOS.length + 1];
        long totalNanos;
        final long[] rows = new long[Buckets.ROWS_LONG.length + 1];
        long rowSum;

        Series(long start) {
            this.start = start;
        }

        void add(Snapshot s, int sign) {
            for (int i = 0; i < duration.length; i++) {
                duration[i] += sign * s.duration[i];
            }
            for (int i = 0; i < rows.length; i++) {
                rows[i] += sign * s.rows[i];
            }
            totalNanos += sign * s.totalNanos;
            rowSum += sign * s.rowSum;
        }
    }

    @Override
    public synchronized Collection<MetricData> produce(Resource resource) {
        long now = clock.now();
        List<StatementStats> all = stats.all();
        Map<StatementStats, Snapshot> snapshots = new IdentityHashMap<>();
        for (StatementStats s : all) {
            snapshots.put(s, Snapshot.of(s));
        }
        choose(all, snapshots, now);

        Map<Attributes, Series> series = new LinkedHashMap<>();
        Map<Attributes, Series> others = new LinkedHashMap<>();
        for (StatementStats s : all) {
            Snapshot snap = snapshots.get(s);
            Chosen c = chosen.get(s.fingerprint);
            Attributes db = dbAttributes(s);
            if (c == null) {
                others.computeIfAbsent(db, k -> new Series(startEpochNanos)).add(snap, 1);
            } else {
                Series own = new Series(c.start);
                own.add(snap, 1);
                own.add(c.base, -1);
                series.put(db.toBuilder().put(FINGERPRINT, s.fingerprint.hex).build(), own);
                if (c.base.count() > 0 || c.base.rowSum > 0 || sum(c.base.rows) > 0) {
                    others.computeIfAbsent(db, k -> new Series(startEpochNanos)).add(c.base, 1);
                }
            }
            seen.set(s.fingerprint.index);
        }
        for (Map.Entry<Attributes, Series> e : others.entrySet()) {
            series.put(e.getKey().toBuilder().put(FINGERPRINT, OTHER).build(), e.getValue());
        }

        List<HistogramPointData> durations = new ArrayList<>();
        List<HistogramPointData> rows = new ArrayList<>();
        for (Map.Entry<Attributes, Series> e : series.entrySet()) {
            Series s = e.getValue();
            long n = sum(s.duration);
            if (n > 0) {
                durations.add(point(s.start, now, e.getKey(), s.totalNanos / 1e9, DURATION_BOUNDS, s.duration));
            }
            if (sum(s.rows) > 0) {
                rows.add(point(s.start, now, e.getKey(), s.rowSum, ROW_BOUNDS, s.rows));
            }
        }

        List<MetricData> out = new ArrayList<>(3);
        if (!durations.isEmpty()) {
            out.add(histogram(resource, "db.client.operation.duration", "Duration of database client operations.",
                    "s", durations));
        }
        if (!rows.isEmpty()) {
            out.add(histogram(resource, "db.client.response.returned_rows",
                    "The number of rows returned by the operation.", "{row}", rows));
        }
        long[] wait = stats.connectionWaitBuckets();
        if (sum(wait) > 0) {
            out.add(histogram(resource, "db.client.connection.wait_time",
                    "The time it took to obtain an open connection from the pool.", "s",
                    Collections.singletonList(point(startEpochNanos, now, Attributes.empty(),
                            stats.connectionWaitNanos() / 1e9, DURATION_BOUNDS, wait))));
        }
        return out;
    }

    /** Fills free places with the busiest fingerprints not yet chosen. */
    private void choose(List<StatementStats> all, Map<StatementStats, Snapshot> snapshots, long now) {
        int free = maxFingerprints - chosen.size();
        if (free <= 0) {
            return;
        }
        List<StatementStats> candidates = new ArrayList<>();
        for (StatementStats s : all) {
            if (!chosen.containsKey(s.fingerprint) && snapshots.get(s).count() > 0) {
                candidates.add(s);
            }
        }
        candidates.sort((a, b) -> Long.compare(snapshots.get(b).count(), snapshots.get(a).count()));
        for (int i = 0; i < Math.min(free, candidates.size()); i++) {
            StatementStats s = candidates.get(i);
            boolean reportedInOther = seen.get(s.fingerprint.index);
            chosen.put(s.fingerprint, reportedInOther ? new Chosen(now, snapshots.get(s))
                    : new Chosen(startEpochNanos, Snapshot.zero()));
        }
    }

    static Attributes dbAttributes(StatementStats s) {
        DbInfo db = s.db == null ? DbInfo.UNKNOWN : s.db;
        AttributesBuilder b = Attributes.builder().put(DB_SYSTEM, db.system == null ? "other_sql" : db.system);
        if (db.namespace != null) {
            b.put(DB_NAMESPACE, db.namespace);
        }
        if (db.host != null) {
            b.put(SERVER_ADDRESS, db.host);
        }
        if (db.port > 0) {
            b.put(SERVER_PORT, (long) db.port);
        }
        String op = s.fingerprint.operation();
        if (op != null) {
            b.put(DB_OPERATION, op);
        }
        String collection = s.fingerprint.analysis().collection();
        if (collection != null) {
            b.put(DB_COLLECTION, collection);
        }
        return b.build();
    }

    private static HistogramPointData point(long start, long now, Attributes attributes, double sum,
                                            List<Double> bounds, long[] counts) {
        List<Long> c = new ArrayList<>(counts.length);
        for (long n : counts) {
            c.add(n);
        }
        return ImmutableHistogramPointData.create(start, now, attributes, sum, false, 0, false, 0, bounds, c);
    }

    private MetricData histogram(Resource resource, String name, String description, String unit,
                                 List<HistogramPointData> points) {
        return ImmutableMetricData.createDoubleHistogram(resource, scope, name, description, unit,
                ImmutableHistogramData.create(AggregationTemporality.CUMULATIVE, points));
    }

    private static long sum(long[] a) {
        long n = 0;
        for (long v : a) {
            n += v;
        }
        return n;
    }

    private static List<Double> boxed(double[] a) {
        List<Double> out = new ArrayList<>(a.length);
        for (double d : a) {
            out.add(d);
        }
        return Collections.unmodifiableList(out);
    }
}
