package io.querylens.it;

import static io.querylens.it.Report.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.JdbcScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real agent jar on a forked JVM counts every statement of {@link JdbcScenario} exactly once, on each
 * database, used directly and through HikariCP (which wraps connections, statements and result sets).
 */
class JdbcInstrumentationIT {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"h2,direct", "h2,hikari", "postgresql,direct", "postgresql,hikari", "mariadb,direct", "mariadb,hikari"})
    void countsEveryStatementExactlyOnce(String db, String mode) throws Exception {
        String url = Environment.requireDatabase(db);
        String user = db.equals("postgresql") ? "postgres" : db.equals("mariadb") ? "root" : "sa";
        Path report = tmp.resolve("report.json");
        ForkedJvm.run(JdbcScenario.class, url, user, mode)
                .prop("querylens.report", report.toString())
                .env("OTEL_TRACES_EXPORTER", "none")
                .env("OTEL_METRICS_EXPORTER", "none")
                .exec().ok();
        Report r = Report.read(report);
        assertScenario(r, db);
        Map<String, Object> agent = io.querylens.testing.Json.object(r.root.get("agent"));
        // every statement is prepared after the agent started: none learns a state at its execution, and a
        // pool's inner statement (its proxy is followed) learns none on its binds
        assertEquals(0, number(agent, "statementsLearned"), "statements that learned a state");
        long waits = number(agent, "connectionWaits");
        if (mode.equals("direct")) {
            assertEquals(0, waits, "DriverManager connections do not go through a DataSource");
        } else {
            // JdbcScenario takes 19 connections from the pool; the pool's own threads open at most its 2 physical
            // connections through its DriverDataSource, which is a DataSource too
            assertTrue(waits >= 19 && waits <= 21, "connection waits: " + waits);
        }
    }

    @Test
    void countsExactlyOnJava25() throws Exception {
        Path report = tmp.resolve("report.json");
        ForkedJvm.run(JdbcScenario.class, Environment.requireDatabase("h2"), "sa", "hikari")
                .onJava25()
                .prop("querylens.report", report.toString())
                .env("OTEL_TRACES_EXPORTER", "none")
                .env("OTEL_METRICS_EXPORTER", "none")
                .exec().ok();
        assertScenario(Report.read(report), "h2");
    }

    /**
     * The jar's manifest puts it on the bootstrap class path under its own name, so the JVM keeps class data
     * sharing and prints no warning; a renamed copy appends itself instead, with the JVM's warning, and counts
     * the same.
     */
    @Test
    void theJarUnderItsOwnNameOrRenamedCountsTheSameAndOnlyTheRenamedOneCostsClassSharing() throws Exception {
        String url = Environment.requireDatabase("h2");
        Path renamed = tmp.resolve("querylens-agent-renamed.jar");
        Files.copy(ForkedJvm.AGENT_JAR, renamed);
        String warning = "Sharing is only supported for boot loader classes";
        for (Path jar : new Path[] {ForkedJvm.AGENT_JAR, renamed}) {
            Path report = tmp.resolve("report-" + jar.getFileName() + ".json");
            ForkedJvm.Result result = ForkedJvm.run(JdbcScenario.class, url, "sa", "direct")
                    .agentJar(jar)
                    .prop("querylens.report", report.toString())
                    .env("OTEL_TRACES_EXPORTER", "none")
                    .env("OTEL_METRICS_EXPORTER", "none")
                    .exec().ok();
            assertScenario(Report.read(report), "h2");
            assertEquals(jar.equals(renamed), result.output.contains(warning), jar + ":\n" + result.output);
        }
    }

    /**
     * The scenario's statements, each counted exactly, each on {@code db}'s database: through a pool, the
     * proxy's statements take it from the driver's connection (at a connection's first checkout by asking
     * the proxy for it, at the others from the driver connection's own prepare inside the proxy's).
     */
    static void assertScenario(Report r, String db) throws Exception {
        String system = db.equals("h2") ? "h2database" : db;
        String namespace = db.equals("h2") ? "querylens" : "test";
        for (String sql : new String[] {"insert into ql_it_item", "select id, name, price from ql_it_item where id = ?",
                "select count(*) from ql_it_item where price > ?", "update ql_it_item set price = price + ? where id = ?",
                "ql_it_missing", "select id from ql_it_item order by id", "select name from ql_it_item where id in (?)"}) {
            Map<String, Object> s = r.statement(sql);
            assertEquals(system, s.get("db_system"), sql);
            assertEquals(namespace, s.get("db_namespace"), sql);
        }
        Map<String, Object> insert = r.statement("insert into ql_it_item");
        assertEquals(1, number(insert, "count"), "a batch is one operation");

        Map<String, Object> lookup = r.statement("select id, name, price from ql_it_item where id = ?");
        assertEquals(12, number(lookup, "count"));
        assertEquals(12, number(lookup, "rows"));
        assertEquals(0, number(lookup, "errors"));

        Map<String, Object> counted = r.statement("select count(*) from ql_it_item where price > ?");
        assertEquals(5, number(counted, "count"), "literals differ, the fingerprint does not");
        assertEquals(5, number(counted, "rows"));

        Map<String, Object> update = r.statement("update ql_it_item set price = price + ? where id = ?");
        assertEquals(4, number(update, "count"));

        Map<String, Object> missing = r.statement("ql_it_missing");
        assertEquals(1, number(missing, "count"));
        assertEquals(1, number(missing, "errors"));

        Map<String, Object> partial = r.statement("select id from ql_it_item order by id");
        assertEquals(1, number(partial, "count"));
        assertEquals(5, number(partial, "rows"));

        Map<String, Object> in = r.statement("select name from ql_it_item where id in (?)");
        assertEquals(2, number(in, "count"), "IN lists of any length share one fingerprint");
        assertEquals(5, number(in, "rows"));

        String text = new String(Files.readAllBytes(r.path));
        assertFalse(text.contains("item 1"), "a bound value leaked into the report");
        assertFalse(text.contains("> 99") || text.contains(">99"), "a literal leaked into the report");
        Map<String, Object> latency = io.querylens.testing.Json.object(lookup.get("latency"));
        assertTrue(number(latency, "p50_us") > 0 && number(latency, "p50_us") <= number(latency, "max_us"));
        assertTrue(number(latency, "p99_us") <= number(latency, "max_us"));
    }
}
