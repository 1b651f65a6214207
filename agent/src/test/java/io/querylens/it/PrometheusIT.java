package io.querylens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.ExportWorkload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code OTEL_METRICS_EXPORTER=prometheus}: the agent serves its metrics for scraping, named by the OTLP to
 * Prometheus rules ({@code db.client.operation.duration} in s → {@code db_client_operation_duration_seconds_*},
 * the counter {@code querylens.findings} → {@code querylens_findings_total}).
 */
class PrometheusIT {
    @TempDir
    Path tmp;

    @Test
    void aScrapeFindsTheDurationHistogramPerFingerprintAndTheFindings() throws Exception {
        Path go = tmp.resolve("go");
        Path log = tmp.resolve("app.log");
        Path report = tmp.resolve("report.json");
        int port = OtlpRuns.closedPort();
        Process app = ForkedJvm.run(ExportWorkload.class, go.toString())
                .env("OTEL_METRICS_EXPORTER", "prometheus")
                .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
                .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(port))
                .env("OTEL_TRACES_EXPORTER", "none")
                .env("OTEL_SERVICE_NAME", "export-it")
                .prop("querylens.report", report.toString())
                .prop("querylens.report.interval", "100ms")
                .start(log);
        try {
            awaitLine(app, log, "waiting for ");
            String fingerprint = awaitLookupFingerprint(report);
            String metrics = scrape(port);

            List<String> lookupSeries = lines(metrics, "db_client_operation_duration_seconds_",
                    "querylens_fingerprint=\"" + fingerprint + "\"");
            assertEquals("50", value(lookupSeries, "db_client_operation_duration_seconds_count{"), metrics);
            List<String> buckets = lookupSeries.stream().filter(l -> l.startsWith("db_client_operation_duration_seconds_bucket{"))
                    .collect(Collectors.toList());
            assertEquals(Arrays.asList("0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1.0", "5.0", "10.0", "+Inf"),
                    buckets.stream().map(PrometheusIT::le).collect(Collectors.toList()), "the convention's buckets");
            assertEquals("50", value(buckets, "le=\"+Inf\""));
            String labels = lookupSeries.get(0);
            for (String l : new String[] {"db_system_name=\"h2database\"", "db_operation_name=\"SELECT\"",
                    "db_collection_name=\"ql_ex_item\"", "db_namespace=\"export\""}) {
                assertTrue(labels.contains(l), l + " in " + labels);
            }

            List<String> findings = lines(metrics, "querylens_findings_total{", "querylens_finding_type=\"N_PLUS_ONE\"");
            assertEquals(1, findings.size(), metrics);
            assertEquals("1.0", findings.get(0).substring(findings.get(0).lastIndexOf(' ') + 1));
            assertEquals("1", value(lines(metrics, "querylens_unit_of_work_statements_count{",
                    "querylens_unit_of_work_kind=\"transaction\""), "{"), "one transaction");
            assertEquals("3.0", value(lines(metrics, "querylens_unit_of_work_statements_sum{",
                    "querylens_unit_of_work_kind=\"transaction\""), "{"), "of 3 statements");
        } finally {
            Files.createFile(go);
            assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the application did not finish");
            app.destroyForcibly();
        }
        assertEquals(0, app.exitValue(), Files.readString(log));
    }

    private static String awaitLookupFingerprint(Path report) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            if (Files.exists(report)) {
                try {
                    Map<String, Object> lookup = Report.read(report).statement("SELECT name FROM ql_ex_item WHERE id = ?");
                    if (Report.number(lookup, "count") == 50) {
                        return (String) lookup.get("fingerprint");
                    }
                } catch (AssertionError | RuntimeException notYet) {
                    // not written yet, or written before the lookups
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the report never counted the 50 lookups");
            }
            Thread.sleep(50);
        }
    }

    private static void awaitLine(Process app, Path log, String prefix) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && app.isAlive()) {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line '" + prefix + "': " + (Files.exists(log) ? Files.readString(log) : ""));
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static List<String> lines(String metrics, String prefix, String label) {
        return Arrays.stream(metrics.split("\n")).filter(l -> l.startsWith(prefix) && l.contains(label))
                .collect(Collectors.toList());
    }

    /** The value of the one line containing {@code fragment}. */
    private static String value(List<String> lines, String fragment) {
        List<String> found = lines.stream().filter(l -> l.contains(fragment)).collect(Collectors.toList());
        assertEquals(1, found.size(), fragment + " in " + lines);
        String l = found.get(0);
        return l.substring(l.lastIndexOf(' ') + 1);
    }

    private static String le(String bucketLine) {
        int i = bucketLine.indexOf("le=\"") + 4;
        return bucketLine.substring(i, bucketLine.indexOf('"', i));
    }
}
