package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summarizer reads a committed sample run (src/test/resources/sample-run: JMH JSON as JMH writes it,
 * the start-up and memory tables, two load-driver summaries) into the expected figures and verdicts.
 */
class SummarizeTest {
    private static RunResults sample() throws Exception {
        Path dir = Paths.get(SummarizeTest.class.getResource("/sample-run/meta.properties").toURI()).getParent();
        return RunResults.read(dir);
    }

    @Test
    void jmh_results_become_the_mean_of_each_round_in_ns_and_bytes_per_statement() throws Exception {
        RunResults r = sample();
        assertEquals(List.of("none", "otel", "querylens"), List.copyOf(r.nsPerStatement.keySet()));
        assertEquals(2100.0, r.nsPerStatement.get("none").byRound().get("r1"));
        assertEquals(2000.0, r.nsPerStatement.get("none").byRound().get("r2"));
        assertEquals(2050.0, r.nsPerStatement.get("none").median());
        // round 2 of otel has two forks (means 4400 and 4600): the round's value is their mean
        assertEquals(4500.0, r.nsPerStatement.get("otel").byRound().get("r2"));
        assertEquals(1845.0, r.bytesPerStatement.get("querylens").median());
    }

    @Test
    void the_rows_benchmark_has_a_table_of_its_own_and_stays_out_of_the_per_statement_figures() throws Exception {
        RunResults r = sample();
        assertEquals(List.of("none", "querylens"), List.copyOf(r.nsPerRow.keySet()));
        assertEquals(22.2, r.nsPerRow.get("none").byRound().get("r1"), 1e-9);
        assertEquals(2050.0, r.nsPerStatement.get("none").median());
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "### Per row of a large result");
        assertContains(lines, "| no agent | 22.5 [22.2 – 22.8] | – | – |");
        assertContains(lines, "| QueryLens | 23.3 [23.2 – 23.4] | +0.8 [+0.6 – +1.0] | 3.6% |");
    }

    @Test
    void the_load_in_place_pairs_give_cpu_per_request_and_the_latency_changes() throws Exception {
        List<String> lines = Arrays.asList(new Summarize(sample()).markdown().split("\n"));
        assertContains(lines, "### Under load, QueryLens on and off in one JVM");
        assertContains(lines, "| request threads' CPU ms per phase | 2,000 [1,900 – 2,100] | 1,950 [1,910 – 2,040] | "
                + "+50 ms [-10 ms – +60 ms across pairs], +16.7 µs a request (2.6%) |");
        assertContains(lines, "| p95 ms | 2.50 [2.45 – 2.62] | 2.50 [2.40 – 2.60] | +0.8% [-2.0% – +4.2% across pairs] |");
        assertContains(lines, "| of which QueryLens's work (on and off in one JVM) | – | +0.8% [-2.0% – +4.2% across pairs] | – |");
    }

    @Test
    void added_time_is_the_median_of_the_differences_within_each_round() throws Exception {
        Series added = Summarize.added(sample().nsPerStatement, "querylens");
        assertEquals(100.0, added.min());
        assertEquals(200.0, added.max());
        assertEquals(150.0, added.median());
    }

    @Test
    void the_budget_table_has_one_verdict_per_budget_line() throws Exception {
        List<String> lines = Arrays.asList(new Summarize(sample()).markdown().split("\n"));
        assertContains(lines, "| time added per statement | ≤ 15% of the statement's own 2,050 ns | +150 ns (7.3%) [+100 – +200 across rounds] | pass |");
        assertContains(lines, "| time added vs the OpenTelemetry agent | ≤ 1/5 of its +2,550 ns | 0.06 of it | pass |");
        // fastest iterations: no agent 2,000 and 1,900, QueryLens 2,200 and 2,100, the OpenTelemetry agent
        // 4,600, then 4,400 and 4,600 in two forks of round 2
        assertContains(lines, "| cross-check: each fork's fastest measured iteration | – | +200 ns (10.3%), 0.08 of the OpenTelemetry agent's | – |");
        assertContains(lines, "| allocation per statement (no exported span) | ≤ 64 B | +45 B | pass |");
        assertContains(lines, "| start-up time added | ≤ 300 ms | +90 ms | pass |");
        assertContains(lines, "| p95 latency of the demo under load | within 2% of no agent | +1.0% | pass |");
        assertContains(lines, "| agent heap, whatever the workload | ≤ 32 MB | 6.0 MB (fingerprints, QueryLens) | pass |");
    }

    @Test
    void the_detail_tables_show_median_spread_and_added() throws Exception {
        List<String> lines = Arrays.asList(new Summarize(sample()).markdown().split("\n"));
        assertContains(lines, "| no agent | 2,050 [2,000 – 2,100] | – | 1,800 [1,800 – 1,800] | – |");
        assertContains(lines, "| QueryLens | 2,200 [2,100 – 2,300] | +150 [+100 – +200] | 1,845 [1,840 – 1,850] | +45 [+40 – +50] |");
        assertContains(lines, "| OpenTelemetry agent | 2,450 [2,400 – 2,500] | +2,040 [+2,000 – +2,080] |");
        assertContains(lines, "| QueryLens | 790 | 2.00 | 5.05 | 9.50 | +1.0% |");
        assertContains(lines, "| QueryLens | 1000000 statements over 100000 fingerprints | 6.0 | 4.20 | 0.00 |");
        assertContains(lines, "| QueryLens | then 1000000 statements with unique literals | 0.5 | 0.30 | 0.00 |");
        assertContains(lines, "Machine: Test machine, 2 CPUs.  ");
        assertContains(lines, "Notes: a sample run for the summarizer's test.");
    }

    @Test
    void the_p95_verdict_shows_how_far_apart_the_rounds_fell() {
        RunResults r = new RunResults();
        double[][] p95 = {{4.55, 4.50}, {6.06, 5.18}, {5.68, 6.82}, {5.52, 6.93}, {5.59, 5.67}}; // none, querylens
        for (int i = 0; i < p95.length; i++) {
            RunResults.series(r.loadP95, "none").add("r" + (i + 1), p95[i][0]);
            RunResults.series(r.loadP95, "querylens").add("r" + (i + 1), p95[i][1]);
        }
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "| p95 latency of the demo under load | within 2% of no agent | +1.4% [-14.5% – +25.5% across rounds] | pass |");
        assertEquals(-14.5, Summarize.relativeChange(r.loadP95.get("querylens"), r.loadP95.get("none")).min(), 0.05);
    }

    @Test
    void the_load_rounds_are_split_by_endpoint_so_a_change_common_to_all_of_them_shows() {
        RunResults r = new RunResults();
        // round 1: every endpoint 10% slower with QueryLens; round 2: only the export, 20% slower
        r.addLoad("none", "r1", driverSummary(1.00, 2.00));
        r.addLoad("querylens", "r1", driverSummary(1.10, 2.20));
        r.addLoad("none", "r2", driverSummary(0.80, 2.00));
        r.addLoad("querylens", "r2", driverSummary(0.80, 2.40));
        r.addLoad("none", "r10", driverSummary(1.00, 2.00));
        r.addLoad("querylens", "r10", driverSummary(0.95, 1.90));
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "| endpoint | r1 | r2 | r10 | median |");
        assertContains(lines, "| `GET /orders/{id}` | +10% | +0% | -5% | +0.0% |");
        assertContains(lines, "| `GET /events/export` | +10% | +20% | -5% | +10.0% |");
        // the overall figures still come from the summary's own object, not from an endpoint
        assertEquals(1.10, r.loadP50.get("querylens").byRound().get("r1"), 1e-9);
    }

    /** The demo driver's JSON shape: per-endpoint figures, then the overall ones. */
    private static String driverSummary(double ordersP50, double exportP50) {
        return driverSummary(ordersP50, exportP50, 3.0);
    }

    private static String driverSummary(double ordersP50, double exportP50, double p95) {
        return "{\"threads\":4,\"endpoints\":["
                + "{\"name\":\"GET /orders/{id}\",\"count\":100,\"p50Ms\":" + ordersP50 + ",\"p95Ms\":9.0},"
                + "{\"name\":\"GET /events/export\",\"count\":100,\"p50Ms\":" + exportP50 + ",\"p95Ms\":9.0}],"
                + "\"overall\":{\"name\":\"overall\",\"throughputPerSecond\":300.0,\"p50Ms\":" + ordersP50
                + ",\"p95Ms\":" + p95 + ",\"p99Ms\":4.0}}";
    }

    @Test
    void a_figure_over_budget_fails_and_a_part_that_did_not_run_is_not_measured() {
        RunResults r = new RunResults();
        r.meta.setProperty("mode", "quick");
        RunResults.series(r.nsPerStatement, "none").add("r1", 2000);
        RunResults.series(r.nsPerStatement, "querylens").add("r1", 2400);
        RunResults.series(r.bytesPerStatement, "none").add("r1", 1800);
        RunResults.series(r.bytesPerStatement, "querylens").add("r1", 1900);
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertEquals("## QueryLens overhead (smoke, not a measurement)", lines.get(0));
        assertContains(lines, "| time added per statement | ≤ 15% of the statement's own 2,000 ns | +400 ns (20.0%) | **FAIL** |");
        assertContains(lines, "| time added vs the OpenTelemetry agent | ≤ 1/5 of what it adds | not measured | – |");
        assertContains(lines, "| allocation per statement (no exported span) | ≤ 64 B | +100 B | **FAIL** |");
        assertContains(lines, "| start-up time added | ≤ 300 ms | not measured | – |");
        assertContains(lines, "| agent heap, whatever the workload | ≤ 32 MB | not measured | – |");
    }

    @Test
    void an_opentelemetry_agent_that_added_nothing_gives_no_ratio_to_judge() {
        RunResults r = new RunResults();
        RunResults.series(r.nsPerStatement, "none").add("r1", 2000);
        RunResults.series(r.nsPerStatement, "querylens").add("r1", 2100);
        RunResults.series(r.nsPerStatement, "otel").add("r1", 1990);
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "| time added vs the OpenTelemetry agent | ≤ 1/5 of its -10 ns | no comparison: that agent added nothing measurable | – |");
    }

    @Test
    void thread_cpu_time_per_statement_is_a_table_of_its_own_and_unmeasured_rows_are_left_out() throws Exception {
        RunResults r = sample();
        assertEquals(List.of("none", "noop-agent", "querylens"), List.copyOf(r.cpuNsPerStatement.keySet()));
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "### Per statement, thread CPU time");
        assertContains(lines, "| no agent | 1,050 [1,000 – 1,100] | – | – |");
        assertContains(lines, "| a do-nothing agent | 1,050 [1,010 – 1,090] | +0 [-10 – +10] | 0.0% |");
        assertContains(lines, "| QueryLens | 1,290 [1,250 – 1,330] | +240 [+230 – +250] | 22.9% |");
    }

    @Test
    void rows_read_through_a_pool_are_a_table_of_their_own_against_no_agent() throws Exception {
        RunResults r = sample();
        assertEquals(List.of("none", "querylens"), List.copyOf(r.pooledCpuNsPerRow.keySet()));
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "### Per row through a connection pool, thread CPU time");
        assertContains(lines, "| no agent | 27.80 [27.50 – 28.10] | – | – |");
        assertContains(lines, "| QueryLens | 35.00 [34.70 – 35.30] | +7.20 [+7.20 – +7.20] | 25.9% |");
        assertTrue(lines.stream().anyMatch(l -> l.contains("(`PooledRowsCpu`, 2 round(s), best of 12 × 300 queries")),
                String.join("\n", lines));
    }

    @Test
    void querylens_switched_on_and_off_in_one_jvm_is_a_table_of_its_own() throws Exception {
        RunResults r = sample();
        assertEquals(310.0, r.inPlaceAdded.median());
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "### QueryLens on and off in one JVM");
        assertContains(lines, "| 1,530 [1,500 – 1,560] | 1,220 [1,200 – 1,240] | 310 [300 – 320] | 25.4% |");
        assertTrue(lines.stream().anyMatch(l -> l.contains("(`InPlaceCpu`, 2 JVM(s), 20 pairs of 30000 statements")),
                String.join("\n", lines));
    }

    @Test
    void querylens_switched_on_and_off_per_row_is_a_table_of_its_own_with_two_decimals() throws Exception {
        RunResults r = sample();
        assertEquals(2.61, r.rowsInPlaceAdded.median());
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "### QueryLens on and off in one JVM, per row");
        assertContains(lines, "| 24.70 [23.90 – 25.10] | 22.09 [21.00 – 22.80] | 2.61 [2.30 – 2.90] | 11.8% |");
        assertTrue(lines.stream().anyMatch(l -> l.contains("; `InPlaceCpu rows`, 3 JVM(s), 20 pairs of 500 queries")),
                String.join("\n", lines));
    }

    @Test
    void a_do_nothing_agent_separates_the_jvms_own_cost_of_an_agent_from_querylens_code() {
        RunResults r = new RunResults();
        for (String round : new String[] {"r1", "r2"}) {
            int shift = round.equals("r1") ? 0 : 100; // a slower round moves every configuration alike
            RunResults.series(r.nsPerStatement, "none").add(round, 1000 + shift);
            RunResults.series(r.nsPerStatement, "noop-agent").add(round, 1080 + shift);
            RunResults.series(r.nsPerStatement, "querylens").add(round, 1300 + shift);
            RunResults.series(r.bytesPerStatement, "none").add(round, 1836);
            RunResults.series(r.bytesPerStatement, "noop-agent").add(round, 1930);
            RunResults.series(r.bytesPerStatement, "querylens").add(round, 1916);
        }
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "| of which QueryLens's own code (over a do-nothing agent) | – | +220 ns (21.0%), -14 B | – |");
        assertContains(lines, "| a do-nothing agent | 1,130 [1,080 – 1,180] | +80 [+80 – +80] | 1,930 [1,930 – 1,930] | +94 [+94 – +94] |");
        assertEquals(List.of("none", "noop-agent", "querylens"), Summarize.configs(r.nsPerStatement));
    }

    @Test
    void a_load_rounds_cycles_visit_the_same_jvms_and_count_as_their_mean(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("load-none-r1-c1.json"), driverSummary(1.0, 2.0, 2.0));
        Files.writeString(dir.resolve("load-none-r1-c2.json"), driverSummary(1.0, 2.0, 3.0));
        Files.writeString(dir.resolve("load-querylens-r1-c1.json"), driverSummary(1.0, 2.0, 2.2));
        Files.writeString(dir.resolve("load-querylens-r1-c2.json"), driverSummary(1.0, 2.0, 3.3));
        Files.writeString(dir.resolve("load-none-r10-c1.json"), driverSummary(1.0, 2.0, 4.0));
        Files.writeString(dir.resolve("load-querylens-r10-c1.json"), driverSummary(1.0, 2.0, 4.0));
        RunResults r = RunResults.read(dir);
        assertEquals(List.of("r1", "r10"), List.copyOf(r.loadP95.get("none").byRound().keySet()));
        assertEquals(2.5, r.loadP95.get("none").byRound().get("r1"), 1e-9);
        assertEquals(2.75, r.loadP95.get("querylens").byRound().get("r1"), 1e-9);
        // rounds +0.25 ms (+10%) and 0: the verdict is the median of the differences over no agent's median
        List<String> lines = Arrays.asList(new Summarize(r).markdown().split("\n"));
        assertContains(lines, "| p95 latency of the demo under load | within 2% of no agent | +3.8% [+0.0% – +10.0% across rounds] | **FAIL** |");
    }

    @Test
    void result_file_names_carry_configuration_and_round() {
        assertEquals(List.of("querylens-export", "r3"), Arrays.asList(RunResults.configAndRound("jmh-querylens-export-r3.json", "jmh-")));
        assertEquals(List.of("none", "r12"), Arrays.asList(RunResults.configAndRound("load-none-r12.json", "load-")));
    }

    private static void assertContains(List<String> lines, String expected) {
        assertTrue(lines.contains(expected), () -> "no line\n" + expected + "\nin\n" + String.join("\n", lines));
    }
}
