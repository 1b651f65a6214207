package io.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SqlNormalizerTest {

    private static String norm(String sql) {
        return SqlNormalizer.normalize(sql).normalized;
    }

    private static long id(String sql) {
        return SqlNormalizer.normalize(sql).hash;
    }

    @Test
    void stringLiteralsOfEveryKindBecomePlaceholders() {
        assertEquals("SELECT a FROM t WHERE s = ? AND e = ? AND n = ? AND u = ? AND q = ?",
                norm("select a from t where s = 'O''Brien' and e = E'it\\'s' and n = N'näme' and u = U&'x'"
                        + " and q = q'[it's]'"));
    }

    @Test
    void backslashEscapedQuoteStaysInsideTheString() {
        assertEquals("SELECT a FROM t WHERE s = ? AND b = ?", norm("SELECT a FROM t WHERE s = 'it\\'s' AND b = 1"));
    }

    @Test
    void dollarQuotedStringsBecomePlaceholders() {
        assertEquals("SELECT ?, ?, ? FROM t",
                norm("SELECT $$it's $ here$$, $tag$ has $$ inside $tag$, $body$x$body$ FROM t"));
    }

    @Test
    void numericLiteralsOfEveryKindBecomePlaceholders() {
        assertEquals("SELECT a FROM t WHERE i = ? AND d = ? AND e = ? AND f = ? AND h = ? AND p = ?",
                norm("SELECT a FROM t WHERE i = 42 AND d = 3.25 AND e = 1.5e-3 AND f = .5 AND h = 0xFF AND p = 7E10"));
    }

    @Test
    void aSignAfterAnOperatorIsPartOfTheNumber() {
        assertEquals("SELECT a - ?, a - ?, - a, ? - ?, (?) - ? FROM t WHERE x = ? AND y = ? AND z IN (?)",
                norm("SELECT a-1, a - -1, -a, 1-2, (1)-2 FROM t WHERE x=-1 AND y = +2.5 AND z IN (-1, -2)"));
    }

    @Test
    void blobsAndBitStringsBecomePlaceholders() {
        assertEquals("INSERT INTO t VALUES (?, ?, ?)", norm("INSERT INTO t VALUES (X'0aFF', x'00', B'0101')"));
    }

    @Test
    void booleansAndNullStay() {
        assertEquals("SELECT a FROM t WHERE b = TRUE AND c = FALSE AND d IS NULL",
                norm("select a from t where b = true and c = false and d is null"));
    }

    @Test
    void everyKindOfPlaceholderBecomesAQuestionMark() {
        assertEquals("SELECT a FROM t WHERE a = ? AND b = ? AND c = ? AND d = ? AND e = ?",
                norm("SELECT a FROM t WHERE a = ? AND b = :name AND c = $1 AND d = ?2 AND e = :3"));
    }

    @Test
    void aPostgresCastIsNotANamedParameter() {
        assertEquals("SELECT a::int, b::text FROM t WHERE c = ?::uuid", norm("SELECT a::INT, b :: text FROM t WHERE c = '1'::uuid"));
    }

    @Test
    void inListsOfAnyLengthCollapse() {
        assertEquals("SELECT a FROM t WHERE b IN (?)", norm("SELECT a FROM t WHERE b IN (1, 2, 3, 4, 5)"));
        assertEquals("SELECT a FROM t WHERE b IN (?)", norm("SELECT a FROM t WHERE b IN ('x','y')"));
        assertEquals("SELECT a FROM t WHERE b IN (?)", norm("SELECT a FROM t WHERE b in(42)"));
        assertEquals("SELECT a FROM t WHERE b NOT IN (?)", norm("SELECT a FROM t WHERE b NOT IN (NULL, 1)"));
    }

    @Test
    void preparedInListsOfDifferentLengthsShareOneFingerprint() {
        String two = "SELECT a FROM t WHERE b IN (?, ?)";
        String five = "SELECT a FROM t WHERE b IN (?,?,?,?,?)";
        assertEquals("SELECT a FROM t WHERE b IN (?)", norm(two));
        assertEquals(id(two), id(five));
        assertEquals(id(five), id("SELECT a FROM t WHERE b IN (:ids)"));
    }

    @Test
    void rowValueInListsKeepTheirFirstTuple() {
        assertEquals("SELECT a FROM t WHERE (a, b) IN ((?, ?))", norm("SELECT a FROM t WHERE (a, b) IN ((1, 2), (3, 4), (5, 6))"));
    }

    @Test
    void inListsWithExpressionsOrSubqueriesAreKept() {
        assertEquals("SELECT a FROM t WHERE b IN (c, ?) AND d IN (SELECT e FROM u WHERE f IN (?))",
                norm("SELECT a FROM t WHERE b IN (c, 1) AND d IN (SELECT e FROM u WHERE f IN (1, 2))"));
    }

    @Test
    void multiRowValuesCollapseToOneRow() {
        assertEquals("INSERT INTO event(a, b) VALUES (?, ?)", norm("INSERT INTO event (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')"));
        assertEquals("INSERT INTO event(a, b) VALUES (?, ?) ON CONFLICT (a) DO NOTHING",
                norm("insert into event(a, b) values (?, ?), (?, ?) on conflict (a) do nothing"));
        assertEquals(id("INSERT INTO e VALUES (?, ?)"), id("INSERT INTO e VALUES (?, ?), (?, ?), (?, ?)"));
        assertNotEquals(id("INSERT INTO e VALUES (?, ?)"), id("INSERT INTO e VALUES (?, ?, ?)"));
    }

    @Test
    void commentsAreDroppedWithAllTheyContain() {
        assertEquals("SELECT a FROM t WHERE b = ?",
                norm("/* app: 'secret' */ SELECT a -- the 'a' column\nFROM t /*+ INDEX(t i) */ WHERE b = 1 -- end"));
    }

    @Test
    void whitespaceCaseAndTrailingSemicolonAreNormalized() {
        String canonical = "SELECT o.id, count(*) FROM orders o WHERE o.total >= ? GROUP BY o.id";
        assertEquals(canonical, norm("select o.id,count(*)\n\tfrom   Orders o\r\n where o.total>=10 group by o.id ;"));
        assertEquals(canonical, norm("  SELECT O.ID , COUNT( * ) FROM ORDERS O WHERE O.TOTAL >= 99 GROUP BY O.ID;;  "));
        assertEquals(id(canonical), id("SeLeCt o.id, count(*) FROM orders o WHERE o.total >= ? GROUP BY o.id"));
    }

    @Test
    void differentShapesGetDifferentFingerprints() {
        assertNotEquals(id("SELECT a FROM t WHERE b = ?"), id("SELECT a FROM t WHERE c = ?"));
        assertNotEquals(id("SELECT a FROM t WHERE b = ?"), id("SELECT a FROM u WHERE b = ?"));
        assertNotEquals(id("SELECT a FROM t WHERE b = ?"), id("SELECT a FROM t WHERE b > ?"));
        assertNotEquals(id("SELECT a FROM t"), id("SELECT a FROM t LIMIT 10"));
    }

    @Test
    void quotedIdentifiersStayAsWritten() {
        assertEquals("SELECT \"Order\".\"Id\", `Name`, [dbo].[Some Table].[C] FROM \"Order\"",
                norm("select \"Order\".\"Id\", `Name`, [dbo].[Some Table].[C] from \"Order\""));
    }

    @Test
    void aSubscriptIsNotABracketIdentifier() {
        assertEquals("SELECT arr[?], arr[i] FROM t", norm("SELECT arr[1], arr[i] FROM t"));
    }

    @Test
    void keywordsAreUpperCasedIdentifiersLowerCased() {
        assertEquals("SELECT DISTINCT name FROM customer c LEFT OUTER JOIN orders o ON o.cid = c.id ORDER BY name DESC",
                norm("Select Distinct NAME from Customer C left outer join ORDERS O on O.CID = C.ID order by NAME desc"));
    }

    @Test
    void aKeywordUsedAsAQualifiedNameIsAnIdentifier() {
        assertEquals("SELECT o.order, o.limit FROM orders o", norm("SELECT o.ORDER, o.LIMIT FROM orders o"));
    }

    @Test
    void jdbcEscapesAreKept() {
        assertEquals("{? = CALL app.proc(?, ?)}", norm("{? = call app.proc(?, 'x')}"));
        assertEquals("SELECT {fn ucase(name)} FROM t WHERE d > {ts ?}", norm("SELECT {fn UCASE(name)} FROM t WHERE d > {ts '2024-01-01 00:00:00'}"));
    }

    @Test
    void anUnterminatedStringSwallowsTheRestIntoOnePlaceholder() {
        assertEquals("SELECT a FROM t WHERE b = ?", norm("SELECT a FROM t WHERE b = 'never closed AND c = 1"));
        assertEquals("SELECT ?", norm("SELECT \"never closed"));
        assertEquals("SELECT ?", norm("SELECT $$ never closed"));
    }

    @Test
    void anUnterminatedCommentRunsToTheEnd() {
        assertEquals("SELECT a FROM t", norm("SELECT a FROM t /* WHERE b = 'x'"));
    }

    @Test
    void garbageComesOutAsNormalizedGarbageWithoutLiterals() {
        SqlNormalizer.Result r = SqlNormalizer.normalize("garbage ((( ]]] 'secret' \"\" $$ x");
        assertEquals("garbage(((]]] ? ? ?", r.normalized);
        assertNull(r.analysis.operation);
        assertNull(r.analysis.summary);
        assertEquals("hello world = ? ! @@ ~", norm("HELLO world = 12 ! @@ ~"));
    }

    @Test
    void emptyAndNullGiveTheEmptyText() {
        for (String sql : new String[] {null, "", "   ", " ; ", "-- only a comment", "/* only */"}) {
            SqlNormalizer.Result r = SqlNormalizer.normalize(sql);
            assertEquals("", r.normalized);
            assertEquals(0xcbf29ce484222325L, r.hash);
            assertNull(r.analysis.operation);
            assertEquals(0, r.analysis.tables.size());
        }
    }

    @Test
    void onlyATrailingSemicolonIsDropped() {
        assertEquals("SELECT a FROM t WHERE a = ?; SELECT b FROM u", norm("SELECT a FROM t WHERE a = 1 ;; SELECT b FROM u;"));
    }

    @Test
    void aOneMegabyteStatementIsNormalized() {
        StringBuilder sb = new StringBuilder("SELECT * FROM big WHERE id IN (");
        for (int i = 0; sb.length() < 1 << 20; i++) {
            sb.append(i == 0 ? "" : ", ").append(i).append(", 'v").append(i).append('\'');
        }
        sb.append(") AND s = 'x'");
        assertEquals("SELECT * FROM big WHERE id IN (?) AND s = ?", norm(sb.toString()));

        StringBuilder values = new StringBuilder("INSERT INTO big (a, b) VALUES ");
        for (int i = 0; values.length() < 1 << 20; i++) {
            values.append(i == 0 ? "" : ",\n").append('(').append(i).append(", 'row ").append(i).append("')");
        }
        assertEquals("INSERT INTO big(a, b) VALUES (?, ?)", norm(values.toString()));

        StringBuilder nested = new StringBuilder("SELECT a FROM t WHERE ");
        for (int i = 0; i < 200_000; i++) {
            nested.append('(');
        }
        nested.append("a = 1");
        for (int i = 0; i < 200_000; i++) {
            nested.append(')');
        }
        assertEquals(nested.toString().replace("a = 1", "a = ?"), norm(nested.toString()));
    }

    @Test
    void theHashIsFnv1a64OfTheNormalizedText() {
        SqlNormalizer.Result r = SqlNormalizer.normalize("select * from ORDERS where id = 42");
        assertEquals("SELECT * FROM orders WHERE id = ?", r.normalized);
        assertEquals("cb5861427cb3f8c8", Fingerprint.toHex(r.hash)); // computed independently; must never change
        assertEquals(r.hash, SqlNormalizer.hash(r.normalized));
    }

    @Test
    void theFastAnalysisComesWithTheNormalizedText() {
        SqlAnalysis a = SqlNormalizer.normalize("select * from orders o join customer c on c.id = o.cid limit 5").analysis;
        assertEquals("SELECT", a.operation);
        assertEquals("SELECT orders customer", a.summary);
        assertEquals(true, a.selectStar);
        assertEquals(true, a.hasLimit);
        assertFalse(a.parsed);
    }
}
