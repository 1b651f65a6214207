package io.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void statementsOfTheSameShapeShareOneFingerprintInstance() {
        Fingerprints fps = new Fingerprints(10, 100, 1000, null);
        Fingerprint a = fps.of("select * from orders where id = 1");
        Fingerprint b = fps.of("SELECT *\n  FROM orders\n WHERE id = 2");
        Fingerprint c = fps.of("SELECT * FROM orders WHERE id = ?");
        assertSame(a, b);
        assertSame(a, c);
        assertEquals("SELECT * FROM orders WHERE id = ?", a.normalized);
        assertEquals("cb5861427cb3f8c8", a.hex);
        assertEquals(0, a.index);
        assertEquals("SELECT orders", a.summary());
        assertEquals(1, fps.size());
    }

    @Test
    void aRepeatedTextIsServedFromTheRawCacheWithoutNormalizingAgain() {
        Fingerprints fps = new Fingerprints(10, 100, 1000, null);
        String sql = "select a from t where b = 42";
        Fingerprint first = fps.of(sql);
        for (int i = 0; i < 100; i++) {
            assertSame(first, fps.of(sql));
        }
        assertEquals(1, fps.misses());
        assertEquals(1, fps.rawCacheSize());
    }

    @Test
    void newShapesGetDenseIndexesInOrder() {
        Fingerprints fps = new Fingerprints(10, 100, 1000, null);
        Fingerprint t = fps.of("SELECT a FROM t");
        Fingerprint u = fps.of("SELECT a FROM u");
        Fingerprint v = fps.of("SELECT a FROM v");
        assertEquals(List.of(t, u, v), fps.all());
        assertEquals(0, t.index);
        assertEquals(1, u.index);
        assertEquals(2, v.index);
    }

    @Test
    void shapesBeyondTheCapacityShareTheOverflowFingerprint() {
        Fingerprints fps = new Fingerprints(2, 100, 1000, null);
        Fingerprint a = fps.of("SELECT a FROM t1");
        Fingerprint b = fps.of("SELECT a FROM t2");
        Fingerprint c = fps.of("SELECT a FROM t3");
        Fingerprint d = fps.of("SELECT a FROM t4");
        assertSame(fps.overflow(), c);
        assertSame(fps.overflow(), d);
        assertEquals(2, c.index);
        assertEquals(fps.capacity(), c.index);
        assertEquals("(other statements)", c.normalized);
        assertEquals("9d4831946af5fef6", c.hex);
        assertNull(c.summary());
        assertEquals(2, fps.overflowed());
        assertEquals(List.of(a, b), fps.all());
        assertSame(a, fps.of("select a from T1 "), "known shapes still resolve when full");
        assertSame(c, fps.of("SELECT a FROM t3"), "cached: not counted again");
        assertEquals(2, fps.overflowed());
    }

    @Test
    void theRawCacheStaysWithinItsBoundAndCountsEvictions() {
        Fingerprints fps = new Fingerprints(100, 4, 1000, null);
        for (int i = 0; i < 10; i++) {
            fps.of("SELECT a FROM t WHERE b = " + i); // ten texts, one shape
        }
        assertEquals(4, fps.rawCacheSize());
        assertEquals(6, fps.rawCacheEvictions());
        assertEquals(1, fps.size());
        fps.of("SELECT a FROM t WHERE b = 9"); // among the four newest: a hit
        assertEquals(10, fps.misses());
        fps.of("SELECT a FROM t WHERE b = 0"); // evicted long ago: a miss
        assertEquals(11, fps.misses());
    }

    @Test
    void textsLongerThanTheLimitAreNeverCached() {
        Fingerprints fps = new Fingerprints(100, 100, 20, null);
        String longSql = "SELECT a, b, c FROM some_table WHERE b = 1";
        Fingerprint first = fps.of(longSql);
        assertSame(first, fps.of(longSql));
        assertEquals(0, fps.rawCacheSize());
        assertEquals(2, fps.uncached());
        assertEquals(2, fps.misses());
    }

    @Test
    void aNullStatementHasTheUnknownFingerprint() {
        Fingerprints fps = new Fingerprints(10, 100, 1000, null);
        Fingerprint unknown = fps.of(null);
        assertSame(unknown, fps.of(null));
        assertEquals("(unknown)", unknown.normalized);
        assertEquals(0, unknown.index);
        assertNull(unknown.operation());
        assertNotSame(unknown, fps.of(""));
    }

    @Test
    void aVeryLongNormalizedTextIsStoredCutAndNotParsed() {
        try (SqlAnalyzer analyzer = new SqlAnalyzer(1000, 1_000_000, 10)) {
            Fingerprints fps = new Fingerprints(10, 100, 100, 64, analyzer);
            StringBuilder sql = new StringBuilder("SELECT c0");
            for (int i = 1; i < 100; i++) {
                sql.append(", c").append(i);
            }
            sql.append(" FROM t");
            Fingerprint fp = fps.of(sql.toString());
            assertEquals(67, fp.normalized.length());
            assertTrue(fp.normalized.startsWith("SELECT c0, c1, c2"));
            assertTrue(fp.normalized.endsWith("..."));
            assertSame(fp, fps.of(sql.toString()));
            assertTrue(analyzer.awaitIdle(5000));
            assertEquals(0, analyzer.parsed() + analyzer.failed() + analyzer.skipped());
        }
    }

    @Test
    void eachNewShapeIsAnalyzedOnceByJSqlParser() {
        try (SqlAnalyzer analyzer = new SqlAnalyzer(5000, 10_000, 100)) {
            Fingerprints fps = new Fingerprints(10, 100, 1000, analyzer);
            Fingerprint fp = fps.of("select o.* from orders o join customer c on c.id = o.cid where c.id = 7");
            fps.of("select o.* from orders o join customer c on c.id = o.cid where c.id = 8");
            assertTrue(analyzer.awaitIdle(10_000));
            assertEquals(1, analyzer.parsed());
            assertTrue(fp.analysis().parsed);
            assertEquals("SELECT orders customer", fp.summary());
            assertTrue(fp.analysis().selectStar);
        }
    }

    @Test
    void concurrentLookupsAgreeOnOneInstancePerShape() throws InterruptedException {
        Fingerprints fps = new Fingerprints(1000, 50, 1000, null);
        int threads = 8;
        Set<Fingerprint> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int seed = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 2000; i++) {
                    seen.add(fps.of("SELECT a FROM t" + (i % 20) + " WHERE b = " + (i * 31 + seed)));
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(20, seen.size());
        assertEquals(20, fps.size());
        assertTrue(fps.rawCacheSize() <= 50 + threads);
        List<Fingerprint> all = fps.all();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i, all.get(i).index);
        }
    }
}
