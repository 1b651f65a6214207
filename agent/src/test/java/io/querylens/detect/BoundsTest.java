package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

/** Memory per unit of work is bounded: what the bounds turn away is counted, and nothing breaks. */
class BoundsTest {
    @Test
    void aUnitTracksAtMostItsBoundOfFingerprintsAndCountsTheRest() {
        UnitStats u = new UnitStats(3, 100);
        for (int i = 0; i < 5; i++) {
            Fingerprint fp = Statements.select("select " + i);
            u.execution(fp, 0, 10, false);
            u.execution(fp, 0, 10, false);
        }
        assertEquals(3, u.size());
        assertEquals(4, u.overflow());
    }

    @Test
    void entriesKeepFirstExecutionOrderAcrossGrowth() {
        UnitStats u = new UnitStats(100, 100);
        Fingerprint[] fps = new Fingerprint[40];
        for (int i = 0; i < fps.length; i++) {
            fps[i] = Statements.select("select " + i);
            assertEquals(i, u.execution(fps[i], i, 1, false));
        }
        for (int i = 0; i < fps.length; i++) {
            assertEquals(i, u.find(fps[i]));
            assertEquals(fps[i], u.fingerprint(i));
        }
    }

    @Test
    void aClearedUnitIsEmptyAndReusable() {
        UnitStats u = new UnitStats(8, 8);
        Fingerprint a = Statements.select("select a");
        u.execution(a, 0, 1, true);
        u.bump(0, Types.SLOW_QUERY);
        u.parameters(a, 1);
        u.clear();
        assertEquals(0, u.size());
        assertEquals(-1, u.find(a));
        assertEquals(0, u.execution(a, 0, 1, false));
        assertEquals(0, u.errors(0));
        assertEquals(0, u.counter(0, Types.SLOW_QUERY));
        assertEquals(1, u.parameters(a, 1));
    }

    @Test
    void aClearedUnitPutsOtherFingerprintsInTheSlotsItsLastUnitLeft() {
        UnitStats u = new UnitStats(8, 8);
        Fingerprint a = Statements.select("select a");
        Fingerprint b = Statements.select("select b");
        u.execution(a, 0, 1, false);
        u.execution(b, 0, 1, false);
        u.clear(); // the slots keep a and b, unwritten until a different fingerprint takes them
        assertEquals(0, u.execution(b, 0, 1, false));
        assertEquals(1, u.execution(a, 0, 1, false));
        assertEquals(1, u.execution(a, 0, 1, false));
        assertEquals(2, u.size());
        assertEquals(b, u.fingerprint(0));
        assertEquals(a, u.fingerprint(1));
        assertEquals(0, u.find(b));
        assertEquals(1, u.find(a));
        assertEquals(1, u.count(0));
        assertEquals(2, u.count(1));
    }

    @Test
    void aClearedParameterTableForgetsEveryKeyItHeldBeforeAndAfterGrowing() {
        ParameterCounts p = new ParameterCounts(1000);
        for (long k = 1; k <= 500; k++) { // grows from 64 slots to 1,024
            p.add(ParameterCounts.key(7, k));
        }
        assertEquals(2, p.add(ParameterCounts.key(7, 250)));
        p.clear();
        assertEquals(0, p.size());
        for (long k = 1; k <= 500; k++) {
            assertEquals(1, p.add(ParameterCounts.key(7, k)), "key " + k);
        }
        assertEquals(500, p.size());
        p.clear();
        assertEquals(1, p.add(ParameterCounts.key(7, 1)));
        assertEquals(1, p.size());
    }

    @Test
    void theParameterTableRefusesNewKeysAtItsBound() {
        ParameterCounts p = new ParameterCounts(100);
        for (long k = 1; k <= 100; k++) {
            assertEquals(1, p.add(ParameterCounts.key(1, k)));
        }
        assertEquals(0, p.add(ParameterCounts.key(1, 101)));
        assertEquals(2, p.add(ParameterCounts.key(1, 50)));
        assertEquals(1, p.refused());
        assertEquals(100, p.size());
    }

    @Test
    void keysMovingFromTheShortListToTheTableKeepTheirCounts() {
        ParameterCounts p = new ParameterCounts(1000);
        int few = ParameterCounts.FEW;
        for (long k = 1; k <= few; k++) { // the short list, each key twice
            assertEquals(1, p.add(ParameterCounts.key(3, k)));
            assertEquals(2, p.add(ParameterCounts.key(3, k)));
        }
        assertEquals(1, p.add(ParameterCounts.key(3, few + 1))); // moves all into the table
        for (long k = 1; k <= few; k++) {
            assertEquals(3, p.add(ParameterCounts.key(3, k)), "key " + k);
        }
        assertEquals(2, p.add(ParameterCounts.key(3, few + 1)));
        assertEquals(few + 1, p.size());
        p.clear(); // back to the short list, the table emptied: the same keys count from 1 again, in either
        for (long k = 1; k <= 2L * few; k++) {
            assertEquals(1, p.add(ParameterCounts.key(3, k)), "key " + k);
        }
        assertEquals(2 * few, p.size());
        assertEquals(2, p.add(ParameterCounts.key(3, 1)));
        p.clear();
        assertEquals(1, p.add(ParameterCounts.key(3, 2 * few)));
        assertEquals(1, p.add(ParameterCounts.key(3, 1)));
        assertEquals(2, p.size());
    }

    @Test
    void aBoundBelowTheShortListIsKeptThere() {
        ParameterCounts p = new ParameterCounts(2);
        assertEquals(1, p.add(ParameterCounts.key(5, 10)));
        assertEquals(1, p.add(ParameterCounts.key(5, 11)));
        assertEquals(0, p.add(ParameterCounts.key(5, 12)));
        assertEquals(2, p.add(ParameterCounts.key(5, 10)));
        assertEquals(1, p.refused());
        assertEquals(2, p.size());
    }
}
