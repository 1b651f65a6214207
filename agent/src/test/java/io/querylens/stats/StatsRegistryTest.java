package io.querylens.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprints;
import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

/** Counts per fingerprint are exact, including those read back from the bucket counts. */
class StatsRegistryTest {
    private final Fingerprints fingerprints = new Fingerprints(10, 10, 1000, null);

    @Test
    void executionsAndResultsAreCountedFromTheirBuckets() {
        StatsRegistry stats = new StatsRegistry(10, 10);
        Fingerprint fp = fingerprints.of("select * from t where id = 1");
        stats.record(fp, DbInfo.UNKNOWN, 2_000_000, false);      // 2 ms
        stats.record(fp, DbInfo.UNKNOWN, 7_000_000_000L, true);  // 7 s, failed
        stats.record(fp, DbInfo.UNKNOWN, 500, false);            // 0.5 µs
        stats.recordRows(fp, 1);
        stats.recordRows(fp, 20_000);

        StatementStats s = stats.all().get(0);
        assertEquals(3, s.count());
        assertEquals(1, s.errors());
        assertEquals(7_002_000_500L, s.totalNanos());
        assertEquals(2, s.results());
        assertEquals(20_001, s.rows());
        long[] d = s.durationBuckets();
        assertEquals(1, d[0]);                          // ≤ 1 ms
        assertEquals(1, d[1]);                          // ≤ 5 ms
        assertEquals(1, d[8]);                          // ≤ 10 s
        long[] r = s.rowBuckets();
        assertEquals(1, r[0]);                          // ≤ 1 row
        assertEquals(1, r[r.length - 1]);               // > 10,000 rows
        assertTrue(s.hasHistogram());
    }

    @Test
    void pastTheHistogramBoundFingerprintsAreStillCountedExactly() {
        StatsRegistry stats = new StatsRegistry(10, 1);
        Fingerprint a = fingerprints.of("select a from t");
        Fingerprint b = fingerprints.of("select b from t");
        stats.record(a, DbInfo.UNKNOWN, 1000, false);
        stats.record(b, DbInfo.UNKNOWN, 1000, false);
        stats.record(b, DbInfo.UNKNOWN, 3000, false);
        assertEquals(1, stats.histogramsRefused());
        StatementStats sb = stats.all().get(1);
        assertFalse(sb.hasHistogram());
        assertEquals(2, sb.count());
        assertEquals(2, stats.overflowLatency().getTotalCount());
    }
}
