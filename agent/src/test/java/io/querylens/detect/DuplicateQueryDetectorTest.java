package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

class DuplicateQueryDetectorTest {
    private final Fingerprint settings = Statements.select("select * from settings where name = ?");

    @Test
    void theSameQueryWithTheSameParametersTwiceIsADuplicate() {
        DetectorHarness h = new DetectorHarness().run(settings, 7).run(settings, 7);
        assertEquals("DUPLICATE_QUERY x2", h.findings());
    }

    @Test
    void itsRepetitionsAreTheMostRunsOfOneParameterSet() {
        DetectorHarness h = new DetectorHarness();
        h.run(settings, 1).run(settings, 2).run(settings, 1).run(settings, 2).run(settings, 1);
        assertEquals("DUPLICATE_QUERY x3", h.findings());
    }

    @Test
    void differentParametersAreNotDuplicates() {
        DetectorHarness h = new DetectorHarness().run(settings, 1).run(settings, 2).run(settings, 3);
        assertEquals("", h.findings());
    }

    @Test
    void aWriteRepeatedWithTheSameParametersIsNotADuplicateQuery() {
        Fingerprint touch = Statements.update("update session set seen = now() where id = ?");
        DetectorHarness h = new DetectorHarness().run(touch, 9).run(touch, 9).run(touch, 9);
        assertEquals("", h.findings());
    }

    @Test
    void aFunctionCallWithoutATableRepeatedIsNotADuplicate() {
        // a sequence answers anew at every call; Hibernate asks PostgreSQL for its schema twice at start-up
        Fingerprint nextId = Statements.select("SELECT nextval(?)");
        Fingerprint schema = Statements.select("SELECT current_schema()");
        DetectorHarness h = new DetectorHarness();
        for (int i = 0; i < 4; i++) {
            h.run(nextId, 5).run(schema, 0);
        }
        assertEquals("", h.findings());
    }

    @Test
    void aTableReadIsRecognizedWhateverTheCaseAndNotInsideAWord() {
        assertEquals(true, DuplicateQueryDetector.readsTable("SELECT a FROM t"));
        assertEquals(true, DuplicateQueryDetector.readsTable("select a from t"));
        assertEquals(false, DuplicateQueryDetector.readsTable("SELECT from_date, fromage FROM_X()"));
        assertEquals(false, DuplicateQueryDetector.readsTable("SELECT pg_sleep(?)"));
    }

    @Test
    void aThresholdOfThreeIgnoresTwoRuns() {
        DetectorHarness h = new DetectorHarness(detectorsWithDuplicateMin(3)).run(settings, 7).run(settings, 7);
        assertEquals("", h.findings());
        h.run(settings, 7);
        assertEquals("DUPLICATE_QUERY x3", h.findings());
    }

    private static Detectors detectorsWithDuplicateMin(int min) {
        return new Detectors(new NPlusOneDetector(5, 20), new DuplicateQueryDetector(min),
                new UnbatchedWritesDetector(5), new OverFetchDetector(6, 25), new CountInAppDetector(10),
                new LargeResultDetector(10_000), new SlowQueryDetector(1_000_000_000L),
                new QueryExplosionDetector(100, false));
    }
}
