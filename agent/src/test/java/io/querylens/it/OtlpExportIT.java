package io.querylens.it;

import static io.querylens.it.OtlpRuns.exportingTo;
import static io.querylens.it.OtlpRuns.one;
import static io.querylens.it.OtlpRuns.point;
import static io.querylens.it.OtlpRuns.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.ExportWorkload;
import io.querylens.testing.OtlpReceiver;
import io.querylens.testing.ReceivedMetric;
import io.querylens.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real agent jar exports {@link ExportWorkload}'s units of work over OTLP, by gRPC and by HTTP/protobuf, as
 * spans following the stable database conventions and as metrics, with exact values.
 */
class OtlpExportIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String LOOKUP = "SELECT name FROM ql_ex_item WHERE id = ?";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"grpc", "http/protobuf"})
    void unitsBecomeTracesWithDatabaseSpans(String protocol) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            ForkedJvm.Result r = exportingTo(ForkedJvm.run(ExportWorkload.class), otlp, protocol).exec().ok();
            String sqlState = errorType(r.output);

            otlp.awaitSpans(s -> s.name.equals("clean"), WAIT); // the last unit; the exit flushed everything
            List<ReceivedSpan> all = otlp.spans();
            String wire = protocol.equals("grpc") ? "grpc" : "http";
            assertTrue(all.stream().allMatch(s -> s.protocol.equals(wire)), "all over " + wire);
            assertEquals(List.of(), otlp.errors());
            assertTrue(all.stream().allMatch(s -> "export-it".equals(s.resource.get("service.name"))),
                    "service.name from OTEL_SERVICE_NAME");

            ReceivedSpan checkout = one(all, s -> s.name.equals("checkout"), "checkout unit span");
            assertEquals("INTERNAL", checkout.kind);
            assertEquals("", checkout.parentSpanId, "a new trace");
            assertEquals("explicit", checkout.attribute("querylens.unit_of_work.kind"));
            assertEquals(53L, checkout.attribute("querylens.unit_of_work.statements"));
            assertEquals(true, checkout.attribute("querylens.has_findings"));
            assertEquals(1, checkout.events.size(), checkout.events.toString());
            ReceivedSpan.Event finding = checkout.events.get(0);
            assertEquals("querylens.finding", finding.name);
            assertEquals("N_PLUS_ONE", finding.attributes.get("querylens.finding.type"));
            assertEquals(50L, finding.attributes.get("querylens.finding.repetitions"));
            assertEquals(LOOKUP, finding.attributes.get("db.query.text"));
            assertEquals("io.querylens.it.apps.ExportWorkload.lookup", finding.attributes.get("code.function.name"));
            assertEquals("ExportWorkload.java", finding.attributes.get("code.file.path"));
            assertEquals((long) sourceLine("// N+1 call site"), finding.attributes.get("code.line.number"));

            List<ReceivedSpan> children = select(all, s -> s.parentSpanId.equals(checkout.spanId));
            assertTrue(children.stream().allMatch(s -> s.kind.equals("CLIENT") && s.traceId.equals(checkout.traceId)),
                    children.toString());
            assertEquals(3 + 5 + 1, children.size(), "1 count, 1 batch, 1 failure, 5 lookups and 1 compressed span");

            ReceivedSpan count = one(children, s -> "SELECT count(*) FROM ql_ex_item WHERE price > ?"
                    .equals(s.attribute("db.query.text")), "count span");
            assertEquals("SELECT ql_ex_item", count.name);
            assertEquals(count.name, count.attribute("db.query.summary"));
            assertEquals("h2database", count.attribute("db.system.name"));
            assertEquals("export", count.attribute("db.namespace"));
            assertEquals("SELECT", count.attribute("db.operation.name"));
            assertEquals("ql_ex_item", count.attribute("db.collection.name"));
            assertEquals(1L, count.attribute("db.response.returned_rows"));
            assertNull(count.attribute("error.type"));
            assertEquals("UNSET", count.status);
            assertTrue(((String) count.attribute("querylens.fingerprint")).matches("[0-9a-f]{16}"),
                    String.valueOf(count.attribute("querylens.fingerprint")));

            ReceivedSpan batch = one(children, s -> s.attribute("db.operation.batch.size") != null, "batch span");
            assertEquals("BATCH INSERT ql_ex_order", batch.name);
            assertEquals("INSERT INTO ql_ex_order(id, item_id) VALUES (?, ?)", batch.attribute("db.query.text"));
            assertEquals(3L, batch.attribute("db.operation.batch.size"));
            assertEquals("BATCH INSERT ql_ex_order", batch.attribute("db.query.summary"), "the summary is the name");
            assertEquals("BATCH INSERT", batch.attribute("db.operation.name"));
            assertEquals("ql_ex_order", batch.attribute("db.collection.name"));

            ReceivedSpan failed = one(children, s -> s.attribute("error.type") != null, "failed span");
            assertEquals(sqlState, failed.attribute("error.type"));
            assertEquals("ERROR", failed.status);
            assertEquals("SELECT name FROM ql_ex_missing", failed.attribute("db.query.text"));

            List<ReceivedSpan> lookups = select(children, s -> LOOKUP.equals(s.attribute("db.query.text")));
            assertEquals(6, lookups.size(), "5 kept individually, 1 for the other 45");
            List<ReceivedSpan> compressed = select(lookups, s -> s.attribute("querylens.compressed.count") != null);
            assertEquals(1, compressed.size(), lookups.toString());
            assertEquals(45L, compressed.get(0).attribute("querylens.compressed.count"));
            assertEquals(45L, compressed.get(0).attribute("querylens.compressed.rows"));
            assertTrue((Long) compressed.get(0).attribute("querylens.compressed.duration_ns") > 0);
            for (ReceivedSpan s : lookups) {
                assertEquals("SELECT ql_ex_item", s.name);
                assertEquals(count.attribute("db.system.name"), s.attribute("db.system.name"));
                if (s != compressed.get(0)) {
                    assertEquals(1L, s.attribute("db.response.returned_rows"));
                }
            }
            assertEquals(1, lookups.stream().map(s -> s.attribute("querylens.fingerprint")).distinct().count());
            assertFalse(lookups.get(0).attribute("querylens.fingerprint").equals(count.attribute("querylens.fingerprint")));
            for (ReceivedSpan s : children) {
                assertTrue(s.startEpochNanos >= checkout.startEpochNanos && s.endEpochNanos <= checkout.endEpochNanos,
                        "inside the unit: " + s);
                assertFalse(String.valueOf(s.attributes).contains("item 1"), "no bound value: " + s);
            }

            ReceivedSpan tx = one(all, s -> "transaction".equals(s.attribute("querylens.unit_of_work.kind")),
                    "transaction unit span");
            assertEquals("INTERNAL", tx.kind);
            assertEquals(3L, tx.attribute("querylens.unit_of_work.statements"));
            List<ReceivedSpan> updates = select(all, s -> s.parentSpanId.equals(tx.spanId));
            assertEquals(3, updates.size(), updates.toString());
            assertTrue(updates.stream().allMatch(s -> s.name.equals("UPDATE ql_ex_item")
                    && "UPDATE ql_ex_item SET price = price + ? WHERE id = ?".equals(s.attribute("db.query.text"))
                    && s.kind.equals("CLIENT")), updates.toString());

            ReceivedSpan clean = one(all, s -> s.name.equals("clean"), "clean unit span");
            assertNull(clean.attribute("querylens.has_findings"));
            assertEquals(List.of(), clean.events);
            assertEquals(1, select(all, s -> s.parentSpanId.equals(clean.spanId)).size());

            ReceivedSpan implicit = one(all, s -> "implicit".equals(s.attribute("querylens.unit_of_work.kind")),
                    "implicit unit span");
            assertEquals("thread main", implicit.name);
            assertEquals(3, select(all, s -> s.parentSpanId.equals(implicit.spanId)).size());

            assertEquals((1 + 3) + (1 + 9) + (1 + 3) + (1 + 1), all.size(), "every span once: " + all);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"grpc", "http/protobuf"})
    void statisticsBecomeDatabaseClientMetrics(String protocol) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            exportingTo(ForkedJvm.run(ExportWorkload.class), otlp, protocol).exec().ok();
            assertEquals(List.of(), otlp.errors());

            ReceivedMetric duration = otlp.awaitMetric("db.client.operation.duration",
                    m -> m.points.stream().anyMatch(p -> p.count == 50), WAIT);
            assertEquals("HISTOGRAM", duration.type);
            assertEquals("CUMULATIVE", duration.temporality);
            assertEquals("s", duration.unit);
            assertEquals("export-it", duration.resource.get("service.name"));
            ReceivedMetric.Point lookups = point(duration, Map.of("db.collection.name", "ql_ex_item",
                    "db.operation.name", "SELECT", "querylens.fingerprint", lookupFingerprint(otlp)));
            assertEquals(50, lookups.count);
            assertEquals(List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0), lookups.bounds);
            assertEquals(50L, lookups.bucketCounts.stream().mapToLong(Long::longValue).sum());
            assertTrue(lookups.sum > 0);
            assertEquals("h2database", lookups.attribute("db.system.name"));
            assertEquals("export", lookups.attribute("db.namespace"));
            ReceivedMetric.Point updates = point(duration, Map.of("db.operation.name", "UPDATE"));
            assertEquals(3, updates.count);
            ReceivedMetric.Point batch = point(duration, Map.of("db.operation.name", "INSERT",
                    "db.collection.name", "ql_ex_order"));
            assertEquals(1, batch.count, "a batch is one operation");
            assertEquals(9, duration.points.size(), "one series per fingerprint: " + duration.points);

            ReceivedMetric rows = otlp.lastMetric("db.client.response.returned_rows");
            assertEquals("{row}", rows.unit);
            ReceivedMetric.Point lookupRows = point(rows, Map.of("querylens.fingerprint", lookupFingerprint(otlp)));
            assertEquals(50, lookupRows.count);
            assertEquals(50.0, lookupRows.sum);
            assertEquals(List.of(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0),
                    lookupRows.bounds);
            assertEquals(50L, lookupRows.bucketCounts.get(0), "one row each: the first bucket, (0, 1]");

            ReceivedMetric findings = otlp.lastMetric("querylens.findings");
            assertEquals("SUM", findings.type);
            assertEquals(1, findings.points.size(), findings.toString());
            assertEquals("N_PLUS_ONE", findings.points.get(0).attribute("querylens.finding.type"));
            assertEquals(1L, findings.points.get(0).value);

            ReceivedMetric perUnit = otlp.lastMetric("querylens.unit_of_work.statements");
            assertEquals("HISTOGRAM", perUnit.type);
            ReceivedMetric.Point explicit = point(perUnit, Map.of("querylens.unit_of_work.kind", "explicit"));
            assertEquals(2, explicit.count, "checkout and clean");
            assertEquals(53.0 + 1.0, explicit.sum);
            ReceivedMetric.Point tx = point(perUnit, Map.of("querylens.unit_of_work.kind", "transaction"));
            assertEquals(1, tx.count);
            assertEquals(3.0, tx.sum);
            ReceivedMetric.Point implicit = point(perUnit, Map.of("querylens.unit_of_work.kind", "implicit"));
            assertEquals(1, implicit.count);
            assertEquals(3.0, implicit.sum);
        }
    }

    /** The lookup's fingerprint, as the metrics name it: the same as its spans'. */
    private static String lookupFingerprint(OtlpReceiver otlp) {
        List<ReceivedSpan> spans = otlp.awaitSpans(s -> LOOKUP.equals(s.attribute("db.query.text")), WAIT);
        return (String) spans.get(0).attribute("querylens.fingerprint");
    }

    static String errorType(String output) {
        Matcher m = Pattern.compile("error\\.type (\\S+)").matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    /** The line of ExportWorkload's source that carries {@code marker}. */
    static int sourceLine(String marker) throws Exception {
        List<String> lines = Files.readAllLines(Paths.get("src/test/java/io/querylens/it/apps/ExportWorkload.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not in ExportWorkload.java");
    }
}
