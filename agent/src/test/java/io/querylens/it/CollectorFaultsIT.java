package io.querylens.it;

import static io.querylens.it.OtlpRuns.exportingTo;
import static io.querylens.it.Report.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.ExportWorkload;
import io.querylens.testing.Json;
import io.querylens.testing.OtlpReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A collector that is absent, refuses everything or answers late never breaks the application nor holds its exit
 * beyond {@code querylens.export.shutdown.timeout}, and the JSON report still counts exactly.
 */
class CollectorFaultsIT {
    /** The configured shutdown timeout. */
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2000;
    /**
     * Room for the JVM's own exit after the agent's shutdown hook: only a bound, not a speed claim. Still well
     * under the OTLP exporter's 10 s request timeout, so waiting for the collector would be caught.
     */
    private static final long EXIT_MARGIN_MILLIS = 5000;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} collector over {1}")
    @CsvSource({"absent,grpc", "absent,http/protobuf", "refusing,grpc", "refusing,http/protobuf",
            "slow,grpc", "slow,http/protobuf"})
    void theApplicationFinishesOnTimeWithExactCounts(String fault, String protocol) throws Exception {
        Path report = tmp.resolve("report.json");
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            ForkedJvm jvm = exportingTo(ForkedJvm.run(ExportWorkload.class), otlp, protocol)
                    .prop("querylens.report", report.toString())
                    .prop("querylens.export.shutdown.timeout", SHUTDOWN_TIMEOUT_MILLIS + "ms");
            switch (fault) {
                case "absent":
                    jvm.env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + OtlpRuns.closedPort());
                    break;
                case "refusing":
                    otlp.refuse(true);
                    break;
                default:
                    otlp.delay(Duration.ofSeconds(60));
            }
            ForkedJvm.Result r = jvm.exec();
            long exited = System.currentTimeMillis();
            r.ok();
            Matcher done = Pattern.compile("workload done (\\d+)").matcher(r.output);
            assertTrue(done.find(), r.output);
            long exitDelay = exited - Long.parseLong(done.group(1));
            System.out.println(fault + " " + protocol + ": exit " + exitDelay + " ms after main returned");
            assertTrue(exitDelay < SHUTDOWN_TIMEOUT_MILLIS + EXIT_MARGIN_MILLIS,
                    "exit delayed " + exitDelay + " ms:\n" + r.output);
            if (fault.equals("refusing")) {
                assertTrue(otlp.refusedRequests() > 0, "the agent did try");
                assertEquals(0, otlp.spans().size());
            }
        }
        Report rep = Report.read(report);
        Map<String, Object> lookup = rep.statement("SELECT name FROM ql_ex_item WHERE id = ?");
        assertEquals(50, number(lookup, "count"));
        assertEquals(50, number(lookup, "rows"));
        assertEquals(3, number(rep.statement("UPDATE ql_ex_item"), "count"));
        assertEquals(1, number(rep.statement("ql_ex_missing"), "errors"));
        assertEquals(1, rep.findings().size(), rep.findings().toString());
        assertEquals("N_PLUS_ONE", rep.findings().get(0).get("type"));
        Map<String, Object> agent = Json.object(rep.root.get("agent"));
        assertEquals(4, number(agent, "unitsOffered"));
        assertEquals(0, number(agent, "unitsDropped"));
        assertEquals(4, number(agent, "unitsTraced"));
        assertEquals(20, number(agent, "spansEnded"));
    }
}
