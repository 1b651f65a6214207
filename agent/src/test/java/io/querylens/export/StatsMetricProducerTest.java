package io.querylens.export;

import static io.querylens.export.TestData.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.querylens.sql.Fingerprint;
import io.querylens.stats.Buckets;
import io.querylens.stats.StatsRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatsMetricProducerTest {
    private final StatsRegistry stats = new StatsRegistry(100, 100);
    private final TestClock clock = TestClock.create();
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private SdkMeterProvider provider;

    private void producer(int maxFingerprints) {
        provider = SdkMeterProvider.builder().setClock(clock).registerMetricReader(reader)
                .registerMetricProducer(new StatsMetricProducer(stats, maxFingerprints, clock)).build();
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private static MetricData metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + all));
    }

    private static HistogramPointData point(MetricData m, String fingerprint) {
        return m.getHistogramData().getPoints().stream()
                .filter(p -> fingerprint.equals(p.getAttributes().get(StatsMetricProducer.FINGERPRINT)))
                .findFirst().orElseThrow(() -> new AssertionError(fingerprint + " not in " + m));
    }

    private static HistogramPointData own(MetricData m, Fingerprint fp) {
        return m.getHistogramData().getPoints().stream()
                .filter(p -> fp.hex.equals(p.getAttributes().get(StatsMetricProducer.FINGERPRINT)))
                .findFirst().orElse(null);
    }

    private static List<Long> counts(long... c) {
        List<Long> l = new ArrayList<>();
        for (long n : c) {
            l.add(n);
        }
        return l;
    }

    @Test
    void statement_durations_become_a_cumulative_histogram_with_exact_bucket_counts_and_seconds() {
        producer(50);
        Fingerprint fp = TestData.selectCustomer();
        long start = clock.now();
        for (long d : new long[] {MS / 2, MS, 3 * MS, 7 * MS, 20 * MS, 2000 * MS, 20_000 * MS}) {
            stats.record(fp, TestData.POSTGRES, d, false);
        }
        clock.advance(Duration.ofSeconds(30));

        MetricData m = metric(reader.collectAllMetrics(), "db.client.operation.duration");

        assertEquals("s", m.getUnit());
        assertEquals(AggregationTemporality.CUMULATIVE, m.getHistogramData().getAggregationTemporality());
        HistogramPointData p = point(m, fp.hex);
        assertEquals(Attributes.builder()
                .put("db.system.name", "postgresql").put("db.namespace", "shop")
                .put("server.address", "db.example").put("server.port", 5432L)
                .put("db.operation.name", "SELECT").put("db.collection.name", "customer")
                .put("querylens.fingerprint", fp.hex).build(), p.getAttributes());
        assertEquals(Arrays.asList(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1d, 5d, 10d), p.getBoundaries());
        assertEquals(counts(2, 1, 1, 1, 0, 0, 0, 1, 0, 1), p.getCounts());
        assertEquals(7, p.getCount());
        assertEquals(22.0315, p.getSum(), 1e-9);
        assertEquals(start, p.getStartEpochNanos());
        assertEquals(start + Duration.ofSeconds(30).toNanos(), p.getEpochNanos());
    }

    @Test
    void rows_read_become_the_returned_rows_histogram() {
        producer(50);
        Fingerprint fp = TestData.selectCustomer();
        stats.record(fp, TestData.POSTGRES, MS, false);
        for (long rows : new long[] {0, 1, 3, 15_000}) {
            stats.recordRows(fp, rows);
        }

        MetricData m = metric(reader.collectAllMetrics(), "db.client.response.returned_rows");

        assertEquals("{row}", m.getUnit());
        HistogramPointData p = point(m, fp.hex);
        assertEquals(Arrays.asList(1d, 2d, 5d, 10d, 20d, 50d, 100d, 200d, 500d, 1000d, 2000d, 5000d, 10000d),
                p.getBoundaries());
        assertEquals(counts(2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), p.getCounts());
        assertEquals(4, p.getCount());
        assertEquals(15_004.0, p.getSum());
    }

    @Test
    void only_the_busiest_fingerprints_have_their_own_series_the_rest_are_other() {
        producer(2);
        Fingerprint a = TestData.fingerprint(10, "SELECT * FROM orders WHERE id = ?", "SELECT", "orders");
        Fingerprint b = TestData.fingerprint(11, "SELECT * FROM orders WHERE customer_id = ?", "SELECT", "orders");
        Fingerprint c = TestData.fingerprint(12, "SELECT * FROM orders WHERE status = ?", "SELECT", "orders");
        Fingerprint d = TestData.fingerprint(13, "SELECT count(*) FROM orders", "SELECT", "orders");
        record(c, 2);
        record(a, 5);
        record(d, 1);
        record(b, 3);

        MetricData m = metric(reader.collectAllMetrics(), "db.client.operation.duration");

        List<String> series = m.getHistogramData().getPoints().stream()
                .map(p -> p.getAttributes().get(StatsMetricProducer.FINGERPRINT)).sorted().collect(Collectors.toList());
        assertEquals(Arrays.asList(a.hex, b.hex, "other"), series);
        assertEquals(5, point(m, a.hex).getCount());
        assertEquals(3, point(m, b.hex).getCount());
        HistogramPointData other = point(m, "other");
        assertEquals(3, other.getCount());
        assertEquals("orders", other.getAttributes().get(StatsMetricProducer.DB_COLLECTION));
        assertEquals(counts(3, 0, 0, 0, 0, 0, 0, 0, 0, 0), other.getCounts());
    }

    @Test
    void a_fingerprint_keeps_its_series_and_every_series_only_grows() {
        producer(1);
        Fingerprint a = TestData.fingerprint(10, "SELECT * FROM orders WHERE id = ?", "SELECT", "orders");
        Fingerprint b = TestData.fingerprint(11, "SELECT * FROM orders WHERE customer_id = ?", "SELECT", "orders");
        record(a, 2);
        record(b, 1);
        MetricData first = metric(reader.collectAllMetrics(), "db.client.operation.duration");
        assertEquals(2, point(first, a.hex).getCount());
        assertEquals(1, point(first, "other").getCount());

        record(b, 10); // now busier than a, but a keeps its place: series that come and go look like resets
        MetricData second = metric(reader.collectAllMetrics(), "db.client.operation.duration");

        assertEquals(2, point(second, a.hex).getCount());
        assertEquals(11, point(second, "other").getCount());
    }

    @Test
    void a_fingerprint_first_reported_inside_other_starts_its_own_series_from_zero() {
        producer(1);
        Fingerprint rowsOnly = TestData.fingerprint(20, "SELECT * FROM big", "SELECT", "big");
        stats.recordRows(rowsOnly, 7); // present, but no execution counted yet: not chosen
        MetricData first = metric(reader.collectAllMetrics(), "db.client.response.returned_rows");
        assertEquals(1, point(first, "other").getCount());
        clock.advance(Duration.ofSeconds(10));
        long chosenAt = clock.now();

        stats.record(rowsOnly, TestData.H2, MS, false);
        stats.recordRows(rowsOnly, 3);
        Collection<MetricData> second = reader.collectAllMetrics();

        // chosen now: what it had counted stays in other, its own series has nothing yet
        assertNull(own(metric(second, "db.client.response.returned_rows"), rowsOnly));
        assertNull(own(metric(second, "db.client.operation.duration"), rowsOnly));
        HistogramPointData other = point(metric(second, "db.client.response.returned_rows"), "other");
        assertEquals(2, other.getCount());
        assertEquals(10.0, other.getSum());

        stats.record(rowsOnly, TestData.H2, MS, false);
        stats.recordRows(rowsOnly, 1);
        Collection<MetricData> third = reader.collectAllMetrics();
        HistogramPointData later = point(metric(third, "db.client.response.returned_rows"), rowsOnly.hex);
        assertEquals(1, later.getCount());
        assertEquals(1.0, later.getSum());
        assertEquals(chosenAt, later.getStartEpochNanos());
        assertEquals(1, point(metric(third, "db.client.operation.duration"), rowsOnly.hex).getCount());
        assertEquals(2, point(metric(third, "db.client.response.returned_rows"), "other").getCount());
    }

    @Test
    void connection_waits_become_the_wait_time_histogram_without_attributes() {
        producer(50);
        stats.recordConnectionWait(2 * MS, false);
        stats.recordConnectionWait(60 * MS, true);

        MetricData m = metric(reader.collectAllMetrics(), "db.client.connection.wait_time");

        assertEquals("s", m.getUnit());
        HistogramPointData p = m.getHistogramData().getPoints().iterator().next();
        assertEquals(Attributes.empty(), p.getAttributes());
        assertEquals(counts(0, 1, 0, 0, 1, 0, 0, 0, 0, 0), p.getCounts());
        assertEquals(2, p.getCount());
        assertEquals(0.062, p.getSum(), 1e-12);
    }

    @Test
    void nothing_recorded_produces_no_metric() {
        producer(50);

        assertTrue(reader.collectAllMetrics().isEmpty());
    }

    @Test
    void the_bucket_boundaries_are_the_conventions() {
        assertEquals(Buckets.DURATION_SECONDS.length, Buckets.DURATION_NANOS.length);
        for (int i = 0; i < Buckets.DURATION_NANOS.length; i++) {
            assertEquals(Buckets.DURATION_SECONDS[i] * 1e9, Buckets.DURATION_NANOS[i], 1e-3);
        }
    }

    private void record(Fingerprint fp, int times) {
        for (int i = 0; i < times; i++) {
            stats.record(fp, TestData.POSTGRES, MS / 2, false);
        }
    }
}
