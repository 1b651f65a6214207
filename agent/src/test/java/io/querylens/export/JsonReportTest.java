package io.querylens.export;

import static io.querylens.export.TestData.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.detect.CallSite;
import io.querylens.detect.FindingSummary;
import io.querylens.sql.Fingerprint;
import io.querylens.stats.StatsRegistry;
import io.querylens.testing.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
    @TempDir
    Path dir;

    private final StatsRegistry stats = new StatsRegistry(100, 100);
    private final Fingerprint customer = TestData.selectCustomer();
    private final Fingerprint orderLine = TestData.insertOrderLine();

    private static FindingSummary nPlusOne(Fingerprint fp) {
        return new FindingSummary("N_PLUS_ONE", fp.hex, fp.normalized, 12, 40, "GET /orders",
                new CallSite("com.shop.OrderService", "listOrders", "OrderService.java", 42), "Order.customer",
                "fetch Order.customer with a join fetch or an entity graph");
    }

    private Map<String, Object> write(JsonReport report) throws IOException {
        assertTrue(report.write());
        return Json.object(Json.parse(report.path()));
    }

    @Test
    void statements_are_listed_most_executed_first_with_exact_counts_and_percentiles() throws IOException {
        stats.record(orderLine, TestData.POSTGRES, 2 * MS, false);
        for (int i = 0; i < 100; i++) {
            stats.record(customer, TestData.POSTGRES, (i + 1) * MS / 10, i == 99);
            stats.recordRows(customer, 1);
        }
        Map<String, Long> agent = new LinkedHashMap<>();
        agent.put("fingerprintsOverflowed", 3L);
        JsonReport report = new JsonReport(dir.resolve("report.json"), stats, Collections::emptyList, () -> agent, 1000);

        Map<String, Object> json = write(report);

        List<Object> statements = Json.list(json.get("statements"));
        assertEquals(2, statements.size());
        Map<String, Object> first = Json.object(statements.get(0));
        assertEquals(customer.hex, first.get("fingerprint"));
        assertEquals("SELECT customer", first.get("summary"));
        assertEquals("SELECT id, name FROM customer WHERE id = ?", first.get("sql"));
        assertEquals("postgresql", first.get("db_system"));
        assertEquals("shop", first.get("db_namespace"));
        assertEquals(100L, first.get("count"));
        assertEquals(1L, first.get("errors"));
        assertEquals(100L, first.get("rows"));
        assertEquals(505_000L, first.get("total_us")); // 0.1 ms + 0.2 ms + ... + 10 ms
        assertEquals(5_050L, first.get("mean_us"));
        Map<String, Object> latency = Json.object(first.get("latency"));
        // HdrHistogram with two significant digits: values are exact to within 1%
        assertEquals(5_000.0, ((Long) latency.get("p50_us")).doubleValue(), 50.0);
        assertEquals(9_500.0, ((Long) latency.get("p95_us")).doubleValue(), 95.0);
        assertEquals(9_900.0, ((Long) latency.get("p99_us")).doubleValue(), 99.0);
        assertEquals(10_000.0, ((Long) latency.get("max_us")).doubleValue(), 100.0);
        assertEquals(orderLine.hex, Json.object(statements.get(1)).get("fingerprint"));
        assertEquals(1L, Json.object(statements.get(1)).get("count"));

        Map<String, Object> agentJson = Json.object(json.get("agent"));
        assertEquals(3L, agentJson.get("fingerprintsOverflowed"));
        assertEquals(2L, agentJson.get("statementsListed"));
        assertEquals(0L, agentJson.get("statementsOmitted"));
    }

    @Test
    void findings_carry_their_call_site_association_and_fix() throws IOException {
        FindingSummary explosion = new FindingSummary("QUERY_EXPLOSION", null, null, 2, 260, "GET /report",
                CallSite.UNKNOWN, null, "load the page's data in a few queries");
        JsonReport report = new JsonReport(dir.resolve("report.json"), stats,
                () -> Arrays.asList(nPlusOne(customer), explosion), Collections::emptyMap, 1000);

        List<Object> findings = Json.list(write(report).get("findings"));

        Map<String, Object> f = Json.object(findings.get(0));
        assertEquals(Arrays.asList("type", "fingerprint", "sql", "occurrences", "repetitions", "unitOfWork", "callSite",
                "association", "suggestion"), List.copyOf(f.keySet()));
        assertEquals("N_PLUS_ONE", f.get("type"));
        assertEquals(customer.hex, f.get("fingerprint"));
        assertEquals(customer.normalized, f.get("sql"));
        assertEquals(12L, f.get("occurrences"));
        assertEquals(40L, f.get("repetitions"));
        assertEquals("GET /orders", f.get("unitOfWork"));
        Map<String, Object> site = Json.object(f.get("callSite"));
        assertEquals("com.shop.OrderService", site.get("class"));
        assertEquals("listOrders", site.get("method"));
        assertEquals("OrderService.java", site.get("file"));
        assertEquals(42L, site.get("line"));
        assertEquals("Order.customer", f.get("association"));
        assertEquals("fetch Order.customer with a join fetch or an entity graph", f.get("suggestion"));

        Map<String, Object> unitWide = Json.object(findings.get(1));
        assertTrue(unitWide.containsKey("fingerprint"));
        assertNull(unitWide.get("fingerprint"));
        assertNull(unitWide.get("sql"));
        assertFalse(unitWide.containsKey("association"));
        assertEquals("unknown", Json.object(unitWide.get("callSite")).get("class"));
    }

    @Test
    void any_text_survives_the_trip_through_json() throws IOException {
        String nasty = "SELECT \"weird\\name\" FROM t WHERE a = ?\n\t-- \u0001\u001f é 日本 \uD83D\uDE00 \u2028 \uD800 /";
        Fingerprint fp = new Fingerprint(42, nasty, 5, new io.querylens.sql.SqlAnalysis("SELECT",
                Collections.singletonList("t"), "SELECT t", false, false, true));
        stats.record(fp, TestData.H2, MS, false);
        FindingSummary f = new FindingSummary("SLOW_QUERY", fp.hex, nasty, 1, 1, "GET /\"quoted\"",
                new CallSite("a.B", "m", null, -1), null, "add an index on t(a)");
        JsonReport report = new JsonReport(dir.resolve("report.json"), stats, () -> Collections.singletonList(f),
                Collections::emptyMap, 1000);

        String text = new String(Files.readAllBytes(writeAndGet(report)), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> json = Json.object(Json.parse(text));

        Map<String, Object> s = Json.object(Json.list(json.get("statements")).get(0));
        assertEquals(nasty, s.get("sql")); // even the lone surrogate: escaped, then read back as itself
        assertEquals("GET /\"quoted\"", Json.object(Json.list(json.get("findings")).get(0)).get("unitOfWork"));
        assertNull(Json.object(Json.object(Json.list(json.get("findings")).get(0)).get("callSite")).get("file"));
        assertTrue(text.contains("\\u0001") && text.contains("\\u001f") && text.contains("\\u2028")
                && text.contains("\\ud800"), text);
    }

    private static Path writeAndGet(JsonReport report) {
        assertTrue(report.write());
        return report.path();
    }

    @Test
    void the_report_is_replaced_atomically_and_leaves_no_temporary_files() throws IOException {
        Path path = dir.resolve("sub/dir/report.json");
        JsonReport report = new JsonReport(path, stats, Collections::emptyList, Collections::emptyMap, 1000);

        report.write();
        stats.record(customer, TestData.H2, MS, false);
        report.write();

        assertEquals(1, Json.list(Json.object(Json.parse(path)).get("statements")).size());
        try (Stream<Path> files = Files.list(path.getParent())) {
            assertEquals(Collections.singletonList("report.json"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    void at_most_the_configured_number_of_statements_are_listed_and_the_rest_counted() throws IOException {
        for (int i = 0; i < 5; i++) {
            Fingerprint fp = TestData.fingerprint(30 + i, "SELECT " + i, "SELECT", null);
            for (int n = 0; n <= i; n++) {
                stats.record(fp, TestData.H2, MS, false);
            }
        }
        JsonReport report = new JsonReport(dir.resolve("r.json"), stats, Collections::emptyList, Collections::emptyMap, 2);

        Map<String, Object> json = write(report);

        List<Object> statements = Json.list(json.get("statements"));
        assertEquals(Arrays.asList(5L, 4L), statements.stream().map(s -> Json.object(s).get("count"))
                .collect(Collectors.toList()));
        assertEquals(3L, Json.object(json.get("agent")).get("statementsOmitted"));
    }

    @Test
    void a_report_that_cannot_be_written_is_counted_not_thrown() throws IOException {
        Path file = dir.resolve("not-a-dir");
        Files.write(file, new byte[0]);
        JsonReport report = new JsonReport(file.resolve("report.json"), stats, Collections::emptyList,
                Collections::emptyMap, 10);

        assertFalse(report.write());
        assertFalse(report.write());
        assertEquals(2, report.writeFailures());
    }

    @Test
    void the_report_is_written_periodically_and_at_shutdown() throws Exception {
        Path path = dir.resolve("periodic.json");
        JsonReport report = new JsonReport(path, stats, Collections::emptyList, Collections::emptyMap, 10);
        report.start(50);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(path) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(path));

        stats.record(customer, TestData.H2, MS, false);
        report.shutdown();

        assertEquals(1, Json.list(Json.object(Json.parse(path)).get("statements")).size());
    }
}
