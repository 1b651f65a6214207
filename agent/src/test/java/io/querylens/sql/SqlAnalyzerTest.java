package io.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlAnalyzerTest {

    private static Fingerprint fingerprint(String sql, int index) {
        SqlNormalizer.Result r = SqlNormalizer.normalize(sql);
        return new Fingerprint(r.hash, r.normalized, index, r.analysis);
    }

    /**
     * Ten levels of nested conditions whose "simple" parse fails at once and whose "complex" parse backtracks
     * for seconds (measured: well over 3 s with JSqlParser 5.3).
     */
    private static String pathological() {
        StringBuilder sb = new StringBuilder("SELECT a FROM t WHERE a = ? AND ");
        for (int i = 0; i < 5; i++) {
            sb.append("(b = ? OR (");
        }
        sb.append('c');
        for (int i = 0; i < 5; i++) {
            sb.append(") IS NULL)");
        }
        return sb.toString();
    }

    @Test
    void aParsedAnalysisReplacesTheFastOne() {
        try (SqlAnalyzer analyzer = new SqlAnalyzer(5000, 10_000, 10)) {
            Fingerprint fp = fingerprint("SELECT * FROM orders o JOIN customer c ON c.id = o.cid LIMIT 10", 0);
            SqlAnalysis fast = fp.analysis();
            analyzer.submit(fp);
            assertTrue(analyzer.awaitIdle(10_000));
            assertEquals(1, analyzer.parsed());
            SqlAnalysis parsed = fp.analysis();
            assertTrue(parsed.parsed);
            assertEquals(fast.summary, parsed.summary);
            assertEquals(List.of("orders", "customer"), parsed.tables);
            assertTrue(parsed.selectStar);
            assertTrue(parsed.hasLimit);
        }
    }

    @Test
    void nothingIsParsedBeforeTheStartDelay() {
        String sql = "SELECT * FROM orders o JOIN customer c ON c.id = o.cid LIMIT 10";
        try (SqlAnalyzer late = new SqlAnalyzer(5000, 10_000, 10, 600_000);
             SqlAnalyzer now = new SqlAnalyzer(5000, 10_000, 10, 0)) {
            Fingerprint waiting = fingerprint(sql, 0);
            SqlAnalysis fast = waiting.analysis();
            late.submit(waiting);
            Fingerprint parsed = fingerprint(sql, 1);
            now.submit(parsed);
            assertTrue(now.awaitIdle(10_000));
            assertEquals(1, now.parsed());
            assertFalse(late.awaitIdle(200), "the delayed analyzer has not started");
            assertEquals(0, late.parsed());
            assertSame(fast, waiting.analysis(), "the fast analysis stands in meanwhile");
        }
    }

    @Test
    void anUnparseableStatementKeepsTheFastAnalysisAndCountsAFailure() {
        try (SqlAnalyzer analyzer = new SqlAnalyzer(5000, 10_000, 10)) {
            Fingerprint fp = fingerprint("SELECT a FROM t WHERE b = ? FROBNICATE (c, d) WITHOUT REASON ;; x", 0);
            SqlAnalysis fast = fp.analysis();
            analyzer.submit(fp);
            assertTrue(analyzer.awaitIdle(10_000));
            assertEquals(1, analyzer.failed());
            assertEquals(0, analyzer.parsed());
            assertSame(fast, fp.analysis());
            assertEquals("SELECT t", fp.summary());
        }
    }

    @Test
    void aParseThatRunsOutOfTimeKeepsTheFastAnalysis() {
        try (SqlAnalyzer analyzer = new SqlAnalyzer(50, 10_000, 10)) {
            Fingerprint slow = fingerprint(pathological(), 0);
            SqlAnalysis fast = slow.analysis();
            analyzer.submit(slow);
            // the watchdog flags the parser after 50 ms; JSqlParser then gives up within about 100 ms
            assertTrue(analyzer.awaitIdle(30_000), "the runaway parse was stopped");
            assertEquals(1, analyzer.timedOut());
            assertEquals(0, analyzer.parsed());
            assertSame(fast, slow.analysis());
            assertFalse(slow.analysis().parsed);
            assertEquals("SELECT t", slow.summary());

            Fingerprint next = fingerprint("SELECT a FROM u", 1);
            analyzer.submit(next);
            assertTrue(analyzer.awaitIdle(10_000));
            assertTrue(next.analysis().parsed, "the analyzer carries on after a time-out");
        }
    }

    @Test
    void statementsLongerThanTheLimitAreNotParsed() {
        try (SqlAnalyzer analyzer = new SqlAnalyzer(5000, 20, 10)) {
            Fingerprint fp = fingerprint("SELECT a, b, c, d FROM some_table", 0);
            analyzer.submit(fp);
            assertTrue(analyzer.awaitIdle(10_000));
            assertEquals(1, analyzer.skipped());
            assertFalse(fp.analysis().parsed);
        }
    }

    @Test
    void aFullQueueDropsWithoutBlocking() {
        try (SqlAnalyzer analyzer = new SqlAnalyzer(2000, 10_000, 1)) {
            // the first occupies the analyzer for its time limit, the second fills the queue
            analyzer.submit(fingerprint(pathological(), 0));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (analyzer.dropped() == 0 && System.nanoTime() < deadline) {
                analyzer.submit(fingerprint("SELECT a FROM t", 1));
            }
            assertTrue(analyzer.dropped() > 0);
        }
    }

    @Test
    void aClosedAnalyzerDropsWhatIsSubmitted() throws InterruptedException {
        SqlAnalyzer analyzer = new SqlAnalyzer(1000, 10_000, 10);
        analyzer.close();
        analyzer.submit(fingerprint("SELECT a FROM t", 0));
        assertEquals(1, analyzer.dropped());
        analyzer.close();
    }

    @Test
    void itsThreadsAreNamedDaemons() {
        try (SqlAnalyzer analyzer = new SqlAnalyzer(1000, 10_000, 10)) {
            long named = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("querylens-sql-analyzer") || t.getName().equals("querylens-sql-watchdog"))
                    .filter(Thread::isDaemon)
                    .count();
            assertTrue(named >= 2);
        }
    }
}
