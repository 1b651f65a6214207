package io.querylens.it;

import static io.querylens.it.Report.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.TrapApp;
import io.querylens.testing.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real agent jar on a forked JVM finds each trap of {@link TrapApp} — on H2, PostgreSQL and MariaDB,
 * through the driver directly and through HikariCP — with exact repetitions and occurrences, the unit of
 * work it happened in, the application line that issued the statement, a fix, and the statement without
 * its literals; and finds nothing in the clean program or the set-up. Every family runs in
 * {@value TrapApp#RUNS} units of work, so each finding's occurrences are {@value TrapApp#RUNS}.
 */
class TrapDetectionIT {
    static final String APP = TrapApp.class.getName();
    static final String DETECTED = "n-plus-one,duplicate,unbatched,select-star,over-fetch-rows,count-in-app,"
            + "large-result,explosion-unit,explosion-tx,clean";
    /** A digit in a reported statement is a literal: the test tables' names have none. */
    static final Pattern LITERAL = Pattern.compile("[0-9']");

    @TempDir
    Path tmp;

    /** One finding the report must hold, and where the application raised it. */
    static final class Expected {
        final String type;
        final String unit;
        final String sql;
        final long repetitions;
        final String method;
        /**
         * The marker of the call site's line: {@code KEY} for {@code @site:KEY}, the statement's execution;
         * {@code closes:KEY} for {@code @closes:KEY}, where the application closed the result — findings
         * judged on a result (columns or rows read) are raised when it is closed, and the agent walks the
         * stack only when it raises a finding, so their call site is the closing line of the same method.
         */
        final String marker;

        Expected(String type, String unit, String sql, long repetitions, String method, String marker) {
            this.type = type;
            this.unit = unit;
            this.sql = sql;
            this.repetitions = repetitions;
            this.method = method;
            this.marker = marker;
        }

        String key() {
            return type + " in " + unit;
        }
    }

    static String thread(String family) {
        return "thread ql-" + family;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"h2,direct", "h2,hikari", "postgresql,direct", "postgresql,hikari", "mariadb,direct", "mariadb,hikari"})
    void eachTrapRaisesExactlyItsFindingAndTheCleanProgramNone(String db, String mode) throws Exception {
        Report r = run(db, mode, "full", DETECTED, null);
        assertFindings(r, List.of(
                new Expected("N_PLUS_ONE", thread("n-plus-one"), TrapApp.N_PLUS_ONE_SQL, TrapApp.N_PLUS_ONE_ORDERS,
                        "nPlusOne", "N_PLUS_ONE"),
                new Expected("DUPLICATE_QUERY", thread("duplicate"), TrapApp.DUPLICATE_SQL, TrapApp.DUPLICATE_LOOKUPS,
                        "duplicate", "DUPLICATE_QUERY"),
                new Expected("UNBATCHED_WRITES", thread("unbatched"), TrapApp.UNBATCHED_SQL, TrapApp.UNBATCHED_ROWS,
                        "unbatched", "UNBATCHED_WRITES"),
                new Expected("OVER_FETCH_COLUMNS", thread("select-star"), TrapApp.SELECT_STAR_SQL,
                        TrapApp.SELECT_STAR_RUNS, "selectStar", "closes:OVER_FETCH_COLUMNS"),
                new Expected("OVER_FETCH_ROWS", thread("over-fetch-rows"), TrapApp.OVER_FETCH_ROWS_SQL,
                        TrapApp.OVER_FETCH_ROWS_RUNS, "overFetchRows", "closes:OVER_FETCH_ROWS"),
                new Expected("COUNT_IN_APP", thread("count-in-app"), TrapApp.COUNT_IN_APP_SQL, TrapApp.COUNT_IN_APP_RUNS,
                        "countInApp", "closes:COUNT_IN_APP"),
                new Expected("LARGE_RESULT", thread("large-result"), TrapApp.LARGE_RESULT_SQL, 1, "largeResult",
                        "closes:LARGE_RESULT"),
                new Expected("N_PLUS_ONE", TrapApp.BASKET_UNIT, TrapApp.BASKET_SQL, TrapApp.BASKET_LOOKUPS,
                        "explosionInUnit", "EXPLOSION_UNIT"),
                new Expected("QUERY_EXPLOSION", TrapApp.BASKET_UNIT, null, TrapApp.BASKET_LOOKUPS,
                        "explosionInUnit", "EXPLOSION_UNIT"),
                new Expected("QUERY_EXPLOSION", "transaction", null, TrapApp.RESTOCK_BATCHES,
                        "explosionInTransaction", "EXPLOSION_TX")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"h2,direct", "h2,hikari", "postgresql,direct", "postgresql,hikari", "mariadb,direct", "mariadb,hikari"})
    void aStatementSlowerThanTheThresholdIsASlowQuery(String db, String mode) throws Exception {
        // with a 50 ms threshold, creating the H2 function in the set-up, or a statement the driver or pool
        // runs while connecting, may be slow too: accept those call sites
        Report r = run(db, mode, "sleep", "slow",
                "SLOW_QUERY:io.querylens.it.apps.TrapSetup, SLOW_QUERY:io.querylens.it.apps.TrapConnections",
                "querylens.detect.slow.threshold", "50ms");
        String sql = db.equals("h2") ? "SELECT qle_sleep(?)" : db.equals("postgresql") ? "SELECT pg_sleep(?)" : "SELECT sleep(?)";
        assertFindings(r, List.of(new Expected("SLOW_QUERY", thread("slow"), sql, TrapApp.SLEEP_MILLIS.length, "slow",
                "SLOW_QUERY")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void anAllowlistedCallSiteRaisesNothingWhileOthersStillDo(String db) throws Exception {
        Report r = run(db, "hikari", "full", "n-plus-one,duplicate", "N_PLUS_ONE:" + APP + "#nPlusOne");
        assertFindings(r, List.of(new Expected("DUPLICATE_QUERY", thread("duplicate"), TrapApp.DUPLICATE_SQL,
                TrapApp.DUPLICATE_LOOKUPS, "duplicate", "DUPLICATE_QUERY")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void anAllowlistedTypeAndFingerprintRaiseNothing(String db) throws Exception {
        // the fingerprint of the duplicate lookup, as the agent reports it without an allowlist
        Report plain = run(db, "direct", "full", "duplicate", null);
        String fingerprint = String.valueOf(plain.findings().get(0).get("fingerprint"));
        assertTrue(fingerprint.matches("[0-9a-f]{16}"), fingerprint);
        Report r = run(db, "direct", "full", "n-plus-one,duplicate,unbatched", "N_PLUS_ONE, " + fingerprint
                + ", UNBATCHED_WRITES:" + APP + ":" + SourceMarkers.of(TrapApp.class).line("@site:UNBATCHED_WRITES"));
        assertFindings(r, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void theExampleExtensionFindsTooManyJoins(String db) throws Exception {
        Path jar = Paths.get(System.getProperty("querylens.example.jar",
                "../extension-api/example/target/querylens-extension-example.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            Environment.missing("the example extension jar at " + jar + " (built by the extension-api/example module)");
        }
        Report r = run(db, "direct", "full", "wide-join,clean", null, "querylens.extensions", jar.toString());
        assertFindings(r, List.of(new Expected("TOO_MANY_JOINS", thread("wide-join"), TrapApp.WIDE_JOIN_SQL, 1,
                "wideJoin", "WIDE_JOIN")));
    }

    // ---------------------------------------------------------------- helpers

    private Report run(String db, String mode, String setup, String families, String allow, String... props)
            throws Exception {
        String url = Environment.requireDatabase(db);
        String user = db.equals("postgresql") ? "postgres" : db.equals("mariadb") ? "root" : "sa";
        Path report = tmp.resolve("report-" + System.nanoTime() + ".json");
        ForkedJvm f = ForkedJvm.run(TrapApp.class, url, user, mode, setup, families)
                .prop("querylens.report", report.toString())
                .env("OTEL_TRACES_EXPORTER", "none")
                .env("OTEL_METRICS_EXPORTER", "none")
                .timeout(240);
        if (allow != null) {
            f.prop("querylens.allow", allow);
        }
        for (int i = 0; i + 1 < props.length; i += 2) {
            f.prop(props[i], props[i + 1]);
        }
        ForkedJvm.Result result = f.exec().ok();
        assertTrue(result.output.contains("traps done"), result.output);
        return Report.read(report);
    }

    static void assertFindings(Report r, List<Expected> expected) throws Exception {
        List<Map<String, Object>> findings = r.findings();
        TreeSet<String> want = expected.stream().map(Expected::key).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> got = findings.stream().map(f -> f.get("type") + " in " + f.get("unitOfWork"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(want, got, "the report's findings:\n" + describe(findings));
        assertEquals(expected.size(), findings.size(), "one aggregate per finding:\n" + describe(findings));
        SourceMarkers source = SourceMarkers.of(TrapApp.class);
        for (Expected e : expected) {
            Map<String, Object> f = findings.stream().filter(x -> (x.get("type") + " in " + x.get("unitOfWork"))
                    .equals(e.key())).findFirst().orElseThrow();
            String what = e.key() + ": " + f;
            assertEquals(e.repetitions, number(f, "repetitions"), what);
            assertEquals(TrapApp.RUNS, number(f, "occurrences"), what);
            Map<String, Object> site = Json.object(f.get("callSite"));
            assertEquals(APP, site.get("class"), what);
            assertEquals(e.method, site.get("method"), what);
            assertEquals("TrapApp.java", site.get("file"), what);
            assertEquals(source.line(e.marker.startsWith("closes:") ? "@" + e.marker : "@site:" + e.marker),
                    number(site, "line"), what);
            Object suggestion = f.get("suggestion");
            assertTrue(suggestion instanceof String && !((String) suggestion).isBlank(), what);
            if (e.sql == null) {
                assertNull(f.get("sql"), what);
                assertNull(f.get("fingerprint"), what);
            } else {
                String sql = String.valueOf(f.get("sql"));
                assertEquals(e.sql, sql, what);
                assertFalse(LITERAL.matcher(sql).find(), "a literal in " + what);
                assertNotNull(f.get("fingerprint"), what);
                assertTrue(String.valueOf(f.get("fingerprint")).matches("[0-9a-f]{16}"), what);
            }
        }
    }

    static String describe(List<Map<String, Object>> findings) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> f : findings) {
            out.add("  " + f.get("type") + " x" + f.get("repetitions") + " in " + f.get("occurrences") + " units ("
                    + f.get("unitOfWork") + ") at " + f.get("callSite") + ": " + f.get("sql"));
        }
        return String.join("\n", out);
    }
}
