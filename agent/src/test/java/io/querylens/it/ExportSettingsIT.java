package io.querylens.it;

import static io.querylens.it.OtlpRuns.exportingTo;
import static io.querylens.it.Report.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.ExportWorkload;
import io.querylens.testing.OtlpReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the export and detection settings do, and what a wrong value does: warn once, use the default, run on. */
class ExportSettingsIT {
    @TempDir
    Path tmp;

    @Test
    void exportersNoneSendNothing() throws Exception {
        Path report = tmp.resolve("report.json");
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            exportingTo(ForkedJvm.run(ExportWorkload.class), otlp, "http/protobuf")
                    .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none")
                    .prop("querylens.report", report.toString())
                    .exec().ok();
            assertEquals(0, otlp.requests(), "no request of any kind");
        }
        assertWorkloadCounted(Report.read(report));
    }

    @Test
    void tracesNoneStillSendsMetrics() throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            exportingTo(ForkedJvm.run(ExportWorkload.class), otlp, "http/protobuf")
                    .env("OTEL_TRACES_EXPORTER", "none")
                    .exec().ok();
            otlp.awaitMetric("querylens.findings", m -> true, Duration.ofSeconds(20));
            assertEquals(0, otlp.spans().size());
        }
    }

    @Test
    void anUnknownOtlpProtocolIsOneClearWarningAndTheApplicationRunsWithItsReport() throws Exception {
        Path report = tmp.resolve("report.json");
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            ForkedJvm.Result r = exportingTo(ForkedJvm.run(ExportWorkload.class), otlp, "carrier-pigeon")
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.httpEndpoint())
                    .prop("querylens.report", report.toString())
                    .exec().ok();
            List<String> warnings = agentWarnings(r.output);
            assertEquals(1, warnings.size(), r.output);
            assertTrue(warnings.get(0).contains("carrier-pigeon"), warnings.get(0));
            assertTrue(r.output.contains("workload done"), r.output);
            assertEquals(0, otlp.requests());
        }
        assertWorkloadCounted(Report.read(report));
    }

    @Test
    void wrongQueryLensValuesAreOneWarningEachAtStartAndTheDefaultsApply() throws Exception {
        Path report = tmp.resolve("report.json");
        ForkedJvm.Result r = ForkedJvm.run(ExportWorkload.class)
                .prop("querylens.detect.n_plus_one.min", "abc")
                .env("QUERYLENS_UNIT_IDLE_TIMEOUT", "soon")
                .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none")
                .prop("querylens.report", report.toString())
                .exec().ok();
        assertEquals(Arrays.asList(
                "[querylens] WARN ignoring querylens.detect.n_plus_one.min=abc: expected a number from 2 to 1000000;"
                        + " using the default 5",
                "[querylens] WARN ignoring querylens.unit.idle.timeout=soon: expected a duration such as 500ms, 2s"
                        + " or 1m; using the default 1000"),
                agentWarnings(r.output).stream().sorted().collect(Collectors.toList()));
        List<String> lines = Arrays.asList(r.output.split("\n"));
        int firstAppLine = lines.indexOf(lines.stream().filter(l -> l.startsWith("error.type")).findFirst().orElseThrow());
        for (String w : agentWarnings(r.output)) {
            assertTrue(lines.indexOf(w) < firstAppLine, "warned at start: " + r.output);
        }
        Report rep = Report.read(report);
        assertWorkloadCounted(rep);
        assertEquals(50, number(rep.findings().get(0), "repetitions"), "N+1 detected with the default minimum");
    }

    private static List<String> agentWarnings(String output) {
        return Arrays.stream(output.split("\n")).filter(l -> l.startsWith("[querylens] WARN")).collect(Collectors.toList());
    }

    private static void assertWorkloadCounted(Report r) {
        assertEquals(50, number(r.statement("SELECT name FROM ql_ex_item WHERE id = ?"), "count"));
        assertEquals(1, number(r.statement("INSERT INTO ql_ex_order"), "count"), "a batch is one operation");
        assertEquals(1, r.findings().size(), r.findings().toString());
        assertEquals("N_PLUS_ONE", r.findings().get(0).get("type"));
    }
}
