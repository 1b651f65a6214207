package io.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * What the fast pass and JSqlParser each make of typical statements. For ordinary SQL they must agree, so
 * that a fingerprint's summary does not change when the parsed analysis replaces the fast one.
 */
class SqlAnalysisTest {

    static Stream<Arguments> typicalStatements() {
        return Stream.of(
                // sql, operation, summary, tables ("|"-separated), selectStar, hasLimit
                row("select * from orders where id = 1", "SELECT", "SELECT orders", "orders", true, false),
                row("SELECT o.id, c.name FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.total > 10",
                        "SELECT", "SELECT orders customer", "orders|customer", false, false),
                row("SELECT o.*, c.name FROM orders o LEFT JOIN customer c ON c.id = o.cid LIMIT 20",
                        "SELECT", "SELECT orders customer", "orders|customer", true, true),
                row("SELECT a FROM t1, t2 x, (SELECT b FROM t3) y WHERE t1.id = x.id",
                        "SELECT", "SELECT t1 t2 t3", "t1|t2|t3", false, false),
                row("SELECT a FROM t WHERE b IN (1, 2) AND EXISTS (SELECT 1 FROM u WHERE u.id = t.id)",
                        "SELECT", "SELECT t u", "t|u", false, false),
                row("SELECT count(*) FROM orders WHERE status = 'NEW'", "SELECT", "SELECT orders", "orders", false, false),
                row("WITH recent AS (SELECT * FROM orders WHERE d > ?) SELECT r.id FROM recent r JOIN customer c ON c.id = r.cid",
                        "SELECT", "SELECT orders customer", "orders|customer", false, false),
                row("SELECT * FROM a UNION ALL SELECT * FROM b", "SELECT", "SELECT a b", "a|b", true, false),
                row("SELECT TOP 10 * FROM t", "SELECT", "SELECT t", "t", true, true),
                row("SELECT a FROM t ORDER BY a OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY", "SELECT", "SELECT t", "t", false, true),
                row("SELECT * FROM (SELECT a.*, ROWNUM rn FROM t a) WHERE rn <= 10", "SELECT", "SELECT t", "t", true, true),
                row("SELECT a FROM (SELECT * FROM t LIMIT 5) x", "SELECT", "SELECT t", "t", false, false),
                row("SELECT \"Id\" FROM public.\"Order\"", "SELECT", "SELECT public.Order", "public.Order", false, false),
                row("INSERT INTO event (a, b) VALUES (1, 'x'), (2, 'y')", "INSERT", "INSERT event", "event", false, false),
                row("INSERT INTO event SELECT * FROM orders o JOIN customer c ON c.id = o.cid",
                        "INSERT", "INSERT event SELECT orders customer", "event|orders|customer", false, false),
                row("UPDATE orders SET status = 'x' WHERE id = 5", "UPDATE", "UPDATE orders", "orders", false, false),
                row("UPDATE t SET a = (SELECT max(b) FROM u) FROM v WHERE t.id = v.id",
                        "UPDATE", "UPDATE t v SELECT u", "t|u|v", false, false),
                row("DELETE FROM t WHERE id IN (SELECT id FROM u)", "DELETE", "DELETE t SELECT u", "t|u", false, false),
                row("MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.x = s.x "
                        + "WHEN NOT MATCHED THEN INSERT (id, x) VALUES (s.id, s.x)", "MERGE", "MERGE t s", "t|s", false, false),
                row("MERGE INTO t USING (SELECT id, x FROM s) src ON (t.id = src.id) WHEN MATCHED THEN UPDATE SET t.x = src.x",
                        "MERGE", "MERGE t SELECT s", "t|s", false, false),
                row("CALL app.refresh(?)", "CALL", "CALL app.refresh", "", false, false),
                row("{call proc(?, ?)}", "CALL", "CALL proc", "", false, false));
    }

    private static Arguments row(String sql, String operation, String summary, String tables, boolean star,
                                 boolean limit) {
        return Arguments.of(sql, operation, summary, tables, star, limit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typicalStatements")
    void fastPassAndJSqlParserAgree(String sql, String operation, String summary, String tables, boolean star,
                                    boolean limit) {
        List<String> expectedTables = tables.isEmpty() ? List.of() : Arrays.asList(tables.split("\\|"));
        SqlNormalizer.Result r = SqlNormalizer.normalize(sql);

        SqlAnalysis fast = r.analysis;
        assertEquals(operation, fast.operation, "fast operation");
        assertEquals(summary, fast.summary, "fast summary");
        assertEquals(expectedTables, fast.tables, "fast tables");
        assertEquals(star, fast.selectStar, "fast selectStar");
        assertEquals(limit, fast.hasLimit, "fast hasLimit");
        assertFalse(fast.parsed);

        SqlAnalysis parsed = SqlAnalyzer.analyze(r.normalized);
        assertNotNull(parsed, "JSqlParser parses " + r.normalized);
        assertEquals(operation, parsed.operation, "parsed operation");
        assertEquals(summary, parsed.summary, "parsed summary");
        assertEquals(expectedTables, parsed.tables, "parsed tables");
        assertEquals(star, parsed.selectStar, "parsed selectStar");
        assertEquals(limit, parsed.hasLimit, "parsed hasLimit");
        assertTrue(parsed.parsed);
    }

    @Test
    void aTableFunctionIsNotATableButTheNextTableIs() {
        SqlAnalysis a = SqlNormalizer.normalize("SELECT * FROM generate_series(1, 10) g, t").analysis;
        assertEquals(List.of("t"), a.tables);
    }

    @Test
    void fromInsideAFunctionCallIsNotAFromClause() {
        SqlAnalysis a = SqlNormalizer.normalize("SELECT extract(year FROM d), trim(both ' ' FROM n) FROM t").analysis;
        assertEquals(List.of("t"), a.tables);
        assertEquals("SELECT t", a.summary);
    }

    @Test
    void truncateNamesItsTable() {
        SqlAnalysis a = SqlNormalizer.normalize("truncate table audit_log").analysis;
        assertEquals("TRUNCATE audit_log", a.summary);
        SqlAnalysis parsed = SqlAnalyzer.analyze("TRUNCATE TABLE audit_log");
        assertEquals("TRUNCATE audit_log", parsed.summary);
        assertEquals(List.of("audit_log"), parsed.tables);
    }

    @Test
    void theCollectionIsTheOnlyTable() {
        assertEquals("orders", SqlNormalizer.normalize("SELECT a FROM orders").analysis.collection());
        assertNull(SqlNormalizer.normalize("SELECT a FROM orders JOIN b ON b.id = orders.bid").analysis.collection());
    }

    @Test
    void aStatementWithoutATableIsSummarizedByItsOperation() {
        SqlAnalysis a = SqlNormalizer.normalize("SELECT 1").analysis;
        assertEquals("SELECT", a.summary);
        assertEquals(List.of(), a.tables);
    }

    @Test
    void theSummaryIsCutAt255CharactersOnAWordBoundary() {
        StringBuilder sql = new StringBuilder("SELECT * FROM table_number_0");
        for (int i = 1; i < 40; i++) {
            sql.append(" JOIN table_number_").append(i).append(" ON table_number_").append(i).append(".id = ?");
        }
        String summary = SqlNormalizer.normalize(sql.toString()).analysis.summary;
        assertEquals(252, summary.length());
        assertTrue(summary.startsWith("SELECT table_number_0 table_number_1 "));
        assertTrue(summary.endsWith(" table_number_15"));
        assertEquals(summary, SqlAnalyzer.analyze(SqlNormalizer.normalize(sql.toString()).normalized).summary);
    }

    @Test
    void writesAreWritesAndSelectsAreSelects() {
        assertTrue(SqlNormalizer.normalize("insert into t values (1)").analysis.isWrite());
        assertTrue(SqlNormalizer.normalize("with x as (select 1) select * from x").analysis.isSelect());
        assertFalse(SqlNormalizer.normalize("call p()").analysis.isWrite());
    }

    @Test
    void jsqlParserRefusesGarbage() {
        assertNull(SqlAnalyzer.analyze("SELEKT FROM WHERE ((("));
        assertNull(SqlAnalyzer.analyze(""));
        assertNull(SqlAnalyzer.analyze(null));
    }
}
