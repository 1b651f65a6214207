package io.querylens.export;

import static io.querylens.export.TestData.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.detect.CallSite;
import io.querylens.detect.FindingSummary;
import io.querylens.stats.StatsRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {
    private final StatsRegistry stats = new StatsRegistry(100, 100);

    private static FindingSummary finding(String type, long occurrences, String sql) {
        return new FindingSummary(type, "00000000000000aa", sql, occurrences, 25, "GET /orders",
                new CallSite("com.shop.OrderService", "listOrders", "OrderService.java", 42), "Order.customer",
                "fetch Order.customer with a join fetch");
    }

    private String print(List<FindingSummary> findings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ConsoleSummary(stats, () -> findings).print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_finding_is_shown_with_its_statement_call_site_and_fix_then_the_totals() {
        stats.record(TestData.selectCustomer(), TestData.H2, MS, false);
        stats.record(TestData.selectCustomer(), TestData.H2, MS, false);
        stats.record(TestData.insertOrderLine(), TestData.H2, MS, false);

        String out = print(Collections.singletonList(finding("N_PLUS_ONE", 3, "SELECT * FROM customer WHERE id = ?")));

        assertEquals("[querylens] 1 finding (most frequent first):\n"
                + "[querylens]   N_PLUS_ONE x25 in 3 units: SELECT * FROM customer WHERE id = ?\n"
                + "[querylens]     at com.shop.OrderService.listOrders(OrderService.java:42), association Order.customer\n"
                + "[querylens]     fix: fetch Order.customer with a join fetch\n"
                + "[querylens] totals: 3 statements, 2 fingerprints, 1 finding (3 occurrences)" + System.lineSeparator(),
                out);
    }

    @Test
    void at_most_ten_findings_are_shown_most_frequent_first_with_long_statements_shortened() {
        List<FindingSummary> findings = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            findings.add(finding("TYPE_" + i, i, "SELECT " + "x, ".repeat(60) + "y FROM t"));
        }

        String out = print(findings);

        String[] lines = out.split("\n");
        assertEquals("[querylens] 12 findings (top 10, most frequent first):", lines[0]);
        assertTrue(lines[1].startsWith("[querylens]   TYPE_12 x25 in 12 units: SELECT x, x,"), lines[1]);
        assertTrue(out.contains("TYPE_3 "));
        assertTrue(!out.contains("TYPE_2 ") && !out.contains("TYPE_1 "), out);
        String sql = lines[1].substring(lines[1].indexOf(": ") + 2);
        assertEquals(100, sql.length());
        assertTrue(sql.endsWith("..."));
        assertTrue(lines[lines.length - 1].startsWith("[querylens] totals: 0 statements, 0 fingerprints, 12 findings (78 occurrences)"));
    }

    @Test
    void without_findings_only_the_totals_are_printed() {
        assertEquals("[querylens] totals: 0 statements, 0 fingerprints, 0 findings (0 occurrences)"
                + System.lineSeparator(), print(Collections.emptyList()));
    }
}
