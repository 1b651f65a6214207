package io.querylens.export;

import static io.querylens.export.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.querylens.sql.Fingerprint;
import io.querylens.work.FinishedUnit;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnitExporterTest {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    private final ExportCounters counters = new ExportCounters();

    @AfterEach
    void close() {
        sdk.close();
    }

    private UnitExporter exporter(int capacity, double ratio) {
        return new UnitExporter(Telemetry.of(sdk, true, true, counters), capacity, ratio);
    }

    private static FinishedUnit plain(String traceparent) {
        return TestData.unit(FinishedUnit.Kind.IMPLICIT, "thread main", traceparent,
                Collections.singletonList(TestData.group(TestData.selectCustomer(), TestData.H2, 2, 2, T0)),
                Collections.emptyList());
    }

    private static FinishedUnit withFinding() {
        Fingerprint fp = TestData.selectCustomer();
        return TestData.unit(FinishedUnit.Kind.REQUEST, "GET /orders", null,
                Collections.singletonList(TestData.group(fp, TestData.H2, 30, 3, T0)),
                Collections.singletonList(TestData.nPlusOne(fp, 30)));
    }

    private long unitSpans() {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getParentSpanContext().isRemote()
                || !s.getParentSpanContext().isValid()).count();
    }

    @Test
    void with_ratio_zero_units_without_findings_are_not_traced_but_units_with_findings_are() {
        UnitExporter e = exporter(16, 0.0);

        e.process(plain(null));
        e.process(plain(null));
        e.process(withFinding());

        assertEquals(1, unitSpans());
        assertEquals("GET /orders", spans.getFinishedSpanItems().stream()
                .filter(s -> !s.getParentSpanContext().isValid()).findFirst().get().getName());
        assertEquals(2, counters.unitsSampledOut());
        assertEquals(1, counters.unitsTraced());
        assertEquals(5, counters.spansEnded());
    }

    @Test
    void with_ratio_zero_a_unit_whose_caller_sampled_its_trace_is_traced() {
        UnitExporter e = exporter(16, 0.0);

        e.process(plain("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        e.process(plain("00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b7-00"));

        assertEquals(1, unitSpans());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", spans.getFinishedSpanItems().get(0).getTraceId());
    }

    @Test
    void a_ratio_decides_alike_for_every_unit_of_one_unsampled_trace_and_keeps_about_that_share() {
        UnitSampler half = new UnitSampler(0.5);
        int kept = 0;
        for (int i = 1; i <= 10_000; i++) {
            String trace = String.format("%016x%016x", i * 7919L, i * 0x9E3779B97F4A7C15L);
            String tp = "00-" + trace + "-00f067aa0ba902b7-00";
            boolean first = half.sample(plain(tp), Traceparent.parse(tp));
            assertEquals(first, half.sample(plain(tp), Traceparent.parse(tp)));
            kept += first ? 1 : 0;
        }
        assertTrue(kept > 4_500 && kept < 5_500, "kept " + kept);
    }

    @Test
    void every_unit_records_its_statement_count_and_findings_by_type() {
        UnitExporter e = exporter(16, 0.0);

        e.process(plain(null));
        e.process(withFinding());

        Collection<MetricData> all = metrics.collectAllMetrics();
        MetricData statements = metric(all, "querylens.unit_of_work.statements");
        assertEquals("{statement}", statements.getUnit());
        HistogramPointData implicit = statements.getHistogramData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(Attributes.of(UnitSpans.UNIT_KIND, "implicit")))
                .findFirst().get();
        assertEquals(Arrays.asList(1d, 2d, 5d, 10d, 20d, 50d, 100d, 200d, 500d, 1000d), implicit.getBoundaries());
        assertEquals(1, implicit.getCount());
        assertEquals(2.0, implicit.getSum());
        HistogramPointData request = statements.getHistogramData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(Attributes.of(UnitSpans.UNIT_KIND, "request")))
                .findFirst().get();
        assertEquals(Arrays.asList(0L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L), request.getCounts());

        MetricData findings = metric(all, "querylens.findings");
        assertEquals("{finding}", findings.getUnit());
        List<LongPointData> points = List.copyOf(findings.getLongSumData().getPoints());
        assertEquals(1, points.size());
        assertEquals(Attributes.of(UnitExporter.FINDING_TYPE, "N_PLUS_ONE"), points.get(0).getAttributes());
        assertEquals(1, points.get(0).getValue());
    }

    @Test
    void a_full_queue_drops_and_counts_units_and_returns_at_once() {
        UnitExporter e = exporter(3, 1.0); // not started: nothing drains the queue

        for (int i = 0; i < 10; i++) {
            e.unitFinished(plain(null));
        }

        assertEquals(3, e.queued());
        assertEquals(10, counters.unitsOffered());
        assertEquals(7, counters.unitsDropped());
        MetricData dropped = metric(metrics.collectAllMetrics(), "querylens.agent.dropped");
        List<LongPointData> points = dropped.getLongSumData().getPoints().stream()
                .sorted((a, b) -> a.getAttributes().toString().compareTo(b.getAttributes().toString()))
                .collect(Collectors.toList());
        assertEquals("spans", points.get(0).getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("what")));
        assertEquals(0, points.get(0).getValue());
        assertEquals("units", points.get(1).getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("what")));
        assertEquals(7, points.get(1).getValue());
    }

    @Test
    void the_export_thread_drains_the_queue_and_shutdown_waits_for_it() {
        UnitExporter e = exporter(2048, 1.0);
        e.start();

        for (int i = 0; i < 100; i++) {
            e.unitFinished(plain(null));
        }
        e.shutdown(Duration.ofSeconds(10).toMillis());

        assertEquals(0, e.queued());
        assertEquals(100, counters.unitsTraced());
        assertEquals(300, spans.getFinishedSpanItems().size());
        e.unitFinished(plain(null));
        assertEquals(1, counters.unitsDropped());
    }

    @Test
    void with_export_off_units_are_ignored() {
        UnitExporter e = new UnitExporter(Telemetry.off(counters), 16, 1.0);
        e.start();

        e.unitFinished(plain(null));

        assertFalse(e.active());
        assertEquals(0, e.queued());
        assertEquals(0, counters.unitsOffered());
    }

    @Test
    void a_unit_that_cannot_be_exported_is_counted_and_the_thread_goes_on() {
        UnitExporter e = exporter(16, 1.0);
        FinishedUnit broken = new FinishedUnit(FinishedUnit.Kind.EXPLICIT, "import", T0, T0 + 1, null, 1,
                Collections.singletonList(null), null, 0, null);

        e.process(broken);
        e.process(plain(null));

        assertEquals(1, counters.unitErrors());
        assertEquals(1, counters.unitsTraced());
    }

    private static MetricData metric(Collection<MetricData> all, String name) {
        MetricData m = all.stream().filter(x -> x.getName().equals(name)).findFirst().orElse(null);
        assertNotNull(m, name + " in " + all);
        return m;
    }
}
