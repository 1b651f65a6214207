package io.querylens.export;

import static io.querylens.export.TestData.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.bootstrap.Config;
import io.querylens.detect.CallSite;
import io.querylens.detect.FindingSummary;
import io.querylens.stats.StatsRegistry;
import io.querylens.testing.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export as the agent wires it: settings in, report and summary out at shutdown. */
class ExportTest {
    @TempDir
    Path dir;

    private final StatsRegistry stats = new StatsRegistry(100, 100);
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<FindingSummary> findings = Collections.singletonList(new FindingSummary("N_PLUS_ONE",
            TestData.selectCustomer().hex, TestData.selectCustomer().normalized, 3, 20, "GET /orders",
            new CallSite("com.shop.OrderService", "listOrders", "OrderService.java", 42), null, "use a join fetch"));

    private Export start(Map<String, String> settings) {
        Map<String, String> otel = new HashMap<>();
        otel.put("otel.traces.exporter", "none");
        otel.put("otel.metrics.exporter", "none");
        return Export.start(Config.of(settings), stats, () -> findings,
                () -> Collections.singletonMap("fingerprintsOverflowed", 0L), otel,
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @Test
    void at_shutdown_the_report_is_written_and_the_summary_printed() throws Exception {
        Path report = dir.resolve("querylens.json");
        Map<String, String> settings = new HashMap<>();
        settings.put("querylens.report", report.toString());
        Export e = start(settings);
        stats.record(TestData.selectCustomer(), TestData.H2, MS, false);

        e.shutdown();
        e.shutdown();

        Map<String, Object> json = Json.object(Json.parse(report));
        assertEquals(1, Json.list(json.get("statements")).size());
        assertEquals("N_PLUS_ONE", Json.object(Json.list(json.get("findings")).get(0)).get("type"));
        Map<String, Object> agent = Json.object(json.get("agent"));
        assertEquals(0L, agent.get("fingerprintsOverflowed"));
        assertEquals(0L, agent.get("unitsDropped"));
        String summary = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("[querylens] 1 finding"), summary);
        assertTrue(summary.contains("totals: 1 statements, 1 fingerprints, 1 finding (3 occurrences)"), summary);
    }

    @Test
    void without_a_report_path_nothing_is_written_and_the_summary_can_be_turned_off() {
        Export e = start(Collections.singletonMap("querylens.summary", "false"));

        e.shutdown();

        assertNull(e.report());
        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
        assertFalse(e.telemetry().tracesEnabled());
    }
}
