package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

class NPlusOneDetectorTest {
    private final Fingerprint byId = Statements.select("select * from customer where id = ?");

    @Test
    void aLookupRepeatedWithFiveDifferentIdsIsAnNPlusOne() {
        DetectorHarness h = new DetectorHarness();
        for (long id = 1; id <= 5; id++) {
            h.run(byId, id);
        }
        assertEquals("N_PLUS_ONE x5", h.findings());
    }

    @Test
    void itsRepetitionsAreAllExecutionsOfTheStatementInTheUnit() {
        DetectorHarness h = new DetectorHarness();
        for (long id = 1; id <= 12; id++) {
            h.run(byId, id);
        }
        assertEquals("N_PLUS_ONE x12", h.findings());
    }

    @Test
    void interleavedWithOtherStatementsItIsStillFound() {
        DetectorHarness h = new DetectorHarness();
        Fingerprint lines = Statements.select("select * from line where order_id = ?");
        for (long id = 1; id <= 6; id++) {
            h.run(byId, id).run(lines, 100 + id);
        }
        assertEquals("N_PLUS_ONE x6, N_PLUS_ONE x6", h.findings()); // both loops
    }

    @Test
    void fourLookupsAreBelowTheThreshold() {
        DetectorHarness h = new DetectorHarness();
        for (long id = 1; id <= 4; id++) {
            h.run(byId, id);
        }
        assertEquals("", h.findings());
    }

    @Test
    void theSameIdFiveTimesIsADuplicateNotAnNPlusOne() {
        DetectorHarness h = new DetectorHarness();
        for (int i = 0; i < 5; i++) {
            h.run(byId, 42);
        }
        assertEquals("DUPLICATE_QUERY x5", h.findings());
    }

    @Test
    void writesAreNeverAnNPlusOne() {
        DetectorHarness h = new DetectorHarness(new Detectors(new NPlusOneDetector(5, 20),
                new DuplicateQueryDetector(2), new UnbatchedWritesDetector(1000), new OverFetchDetector(6, 25),
                new CountInAppDetector(10), new LargeResultDetector(10_000), new SlowQueryDetector(1_000_000_000L),
                new QueryExplosionDetector(100, false)));
        Fingerprint update = Statements.update("update customer set seen = ? where id = ?");
        for (long id = 1; id <= 10; id++) {
            h.run(update, id);
        }
        assertEquals("", h.findings());
    }

    @Test
    void aBatchLoaderWithAnInListNeedsTwentyDistinctExecutions() {
        Fingerprint batchLoad = Statements.select("select * from customer where id in (?)");
        DetectorHarness h = new DetectorHarness();
        for (long i = 1; i <= 19; i++) {
            h.run(batchLoad, i);
        }
        assertEquals("", h.findings());
        h.run(batchLoad, 20);
        assertEquals("N_PLUS_ONE x20", h.findings());
    }

    @Test
    void inListsAreRecognisedInAnyCaseAndSpacing() {
        assertTrue(NPlusOneDetector.hasInList("select a from t where id IN(?)"));
        assertTrue(NPlusOneDetector.hasInList("select a from t where id in  (?)"));
        assertFalse(NPlusOneDetector.hasInList("select min(a) from t join u on t.x = u.x"));
        assertFalse(NPlusOneDetector.hasInList("insert into t (a) values (?)"));
    }
}
