package io.querylens.export;

import static io.querylens.export.TestData.MS;
import static io.querylens.export.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.bootstrap.Config;
import io.querylens.detect.FindingSummary;
import io.querylens.sql.Fingerprint;
import io.querylens.stats.StatsRegistry;
import io.querylens.testing.OtlpReceiver;
import io.querylens.testing.ReceivedMetric;
import io.querylens.testing.ReceivedSpan;
import io.querylens.work.FinishedUnit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Through the real SDK and its OTLP exporters to a receiver on the loopback interface. */
class OtlpExportTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final OtlpReceiver otlp = OtlpReceiver.start();
    private final StatsRegistry stats = new StatsRegistry(100, 100);
    private Export export;

    @AfterEach
    void close() {
        if (export != null) {
            export.shutdown();
        }
        otlp.close();
    }

    private Export start(Map<String, String> querylens, String protocol, String compression, String... otel) {
        Map<String, String> props = new HashMap<>();
        props.put("otel.exporter.otlp.protocol", protocol);
        props.put("otel.exporter.otlp.endpoint", protocol.equals("grpc") ? otlp.grpcEndpoint() : otlp.httpEndpoint());
        props.put("otel.exporter.otlp.compression", compression);
        props.put("otel.metric.export.interval", "100");
        props.put("otel.bsp.schedule.delay", "20");
        for (int i = 0; i < otel.length; i += 2) {
            props.put(otel[i], otel[i + 1]);
        }
        Map<String, String> q = new HashMap<>(querylens);
        q.put("querylens.summary", "false");
        export = Export.start(Config.of(q), stats, Collections::<FindingSummary>emptyList, Collections::emptyMap,
                props, new PrintStream(new ByteArrayOutputStream()));
        return export;
    }

    @ParameterizedTest(name = "{0}, compression {1}")
    @CsvSource({"http/protobuf, none", "http/protobuf, gzip", "grpc, none", "grpc, gzip"})
    void a_unit_with_a_finding_arrives_as_a_trace_continuing_its_caller(String protocol, String compression) {
        Export e = start(Collections.singletonMap("querylens.service.name", "shop"), protocol, compression);
        Fingerprint fp = TestData.selectCustomer();
        FinishedUnit unit = TestData.unit(FinishedUnit.Kind.REQUEST, "GET /orders", TRACEPARENT,
                Collections.singletonList(TestData.group(fp, TestData.POSTGRES, 30, 3, T0 + MS)),
                Collections.singletonList(TestData.nPlusOne(fp, 30)));

        e.listener().unitFinished(unit);

        ReceivedSpan root = otlp.awaitSpans(s -> s.kind.equals("SERVER"), WAIT).get(0);
        List<ReceivedSpan> client = otlp.awaitSpans(s -> s.kind.equals("CLIENT"), 4, WAIT);
        assertEquals("GET /orders", root.name);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", root.traceId);
        assertEquals("00f067aa0ba902b7", root.parentSpanId);
        assertEquals(T0, root.startEpochNanos);
        assertEquals(true, root.attribute("querylens.has_findings"));
        assertEquals("request", root.attribute("querylens.unit_of_work.kind"));
        assertEquals(30L, root.attribute("querylens.unit_of_work.statements"));
        assertEquals(200L, root.attribute("http.response.status_code"));
        assertEquals("shop", root.resource.get("service.name"));
        assertEquals("io.querylens", root.scope);
        assertEquals(protocol.equals("grpc") ? "grpc" : "http", root.protocol);
        ReceivedSpan.Event finding = root.events.get(0);
        assertEquals("querylens.finding", finding.name);
        assertEquals("N_PLUS_ONE", finding.attributes.get("querylens.finding.type"));
        assertEquals(42L, finding.attributes.get("code.line.number"));
        assertEquals(4, client.size());
        for (ReceivedSpan s : client) {
            assertEquals(root.spanId, s.parentSpanId);
            assertEquals("SELECT customer", s.name);
            assertEquals("postgresql", s.attribute("db.system.name"));
        }
        assertEquals(1, client.stream().filter(s -> Long.valueOf(27).equals(s.attribute("querylens.compressed.count")))
                .count());
        assertTrue(otlp.errors().isEmpty(), otlp.errors().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http/protobuf", "grpc"})
    void statement_statistics_and_unit_metrics_arrive_as_otlp_metrics(String protocol) {
        Export e = start(Collections.emptyMap(), protocol, "none");
        Fingerprint fp = TestData.selectCustomer();
        for (long d : new long[] {MS / 2, 3 * MS, 3 * MS, 70 * MS}) {
            stats.record(fp, TestData.POSTGRES, d, false);
        }
        stats.recordRows(fp, 12);
        e.listener().unitFinished(TestData.unit(FinishedUnit.Kind.REQUEST, "GET /orders", null,
                Collections.singletonList(TestData.group(fp, TestData.POSTGRES, 4, 4, T0)),
                Collections.singletonList(TestData.nPlusOne(fp, 4))));

        ReceivedMetric duration = otlp.awaitMetric("db.client.operation.duration", m -> !m.points.isEmpty(), WAIT);
        assertEquals("s", duration.unit);
        assertEquals("CUMULATIVE", duration.temporality);
        ReceivedMetric.Point p = duration.points.get(0);
        assertEquals(fp.hex, p.attribute("querylens.fingerprint"));
        assertEquals(5432L, p.attribute("server.port"));
        assertEquals(Arrays.asList(1L, 2L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L), p.bucketCounts); // 0.5 ms; 3 ms twice; 70 ms
        assertEquals(4, p.count);
        assertEquals(0.0765, p.sum, 1e-9);
        ReceivedMetric rows = otlp.awaitMetric("db.client.response.returned_rows", m -> !m.points.isEmpty(), WAIT);
        assertEquals(12.0, rows.points.get(0).sum);

        ReceivedMetric findings = otlp.awaitMetric("querylens.findings", m -> !m.points.isEmpty(), WAIT);
        assertEquals("N_PLUS_ONE", findings.points.get(0).attribute("querylens.finding.type"));
        assertEquals(1L, findings.points.get(0).value);
        ReceivedMetric perUnit = otlp.awaitMetric("querylens.unit_of_work.statements", m -> !m.points.isEmpty(), WAIT);
        assertEquals("request", perUnit.points.get(0).attribute("querylens.unit_of_work.kind"));
        assertEquals(4.0, perUnit.points.get(0).sum);
        assertTrue(otlp.errors().isEmpty(), otlp.errors().toString());
    }

    @Test
    void a_service_name_in_the_resource_attributes_is_not_overridden() {
        Export e = start(Collections.emptyMap(), "http/protobuf", "none",
                "otel.resource.attributes", "service.name=billing,deployment.environment.name=test");

        e.listener().unitFinished(TestData.request("GET /", TestData.group(TestData.selectCustomer(), TestData.H2, 1, 1, T0)));

        ReceivedSpan s = otlp.awaitSpans(x -> x.kind.equals("SERVER"), WAIT).get(0);
        assertEquals("billing", s.resource.get("service.name"));
    }

    @Test
    void a_refusing_receiver_never_blocks_the_application_and_failures_are_counted() {
        otlp.refuse(true);
        Export e = start(Collections.singletonMap("querylens.export.queue.size", "8"), "http/protobuf", "none",
                "otel.java.exporter.otlp.retry.disabled", "true");

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 1000; i++) {
                e.listener().unitFinished(TestData.request("GET /" + i,
                        TestData.group(TestData.selectCustomer(), TestData.H2, 1, 1, T0)));
            }
        });
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (e.counters().spanExportFailures() == 0 && System.nanoTime() < deadline) {
            sleep(20);
        }

        assertTrue(e.counters().spanExportFailures() > 0);
        assertTrue(e.counters().spansFailed() > 0);
        assertTrue(otlp.refusedRequests() > 0);
        e.shutdown();
        assertEquals(1000, e.counters().unitsOffered());
        assertEquals(1000, e.counters().unitsTraced() + e.counters().unitsDropped());
    }

    @Test
    void a_slow_receiver_delays_neither_the_application_nor_shutdown_beyond_its_bound() {
        otlp.delay(Duration.ofSeconds(20));
        Export e = start(Collections.singletonMap("querylens.export.shutdown.timeout", "500ms"), "grpc", "none");

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 500; i++) {
                e.listener().unitFinished(TestData.request("GET /" + i,
                        TestData.group(TestData.selectCustomer(), TestData.H2, 1, 1, T0)));
            }
        });
        // bound 0.5 s; the receiver would hold an export for 20 s: a generous margin, no race
        assertTimeoutPreemptively(Duration.ofSeconds(10), e::shutdown);
        assertEquals(500, e.counters().unitsOffered());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
        }
    }
}
