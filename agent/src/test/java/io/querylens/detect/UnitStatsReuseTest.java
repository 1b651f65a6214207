package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.sql.Fingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A cleared unit keeps its fingerprints' entry numbers for the next unit (see {@link UnitStats}): whatever
 * order the next units run their statements in, entries, counts and lookups are those of a fresh unit.
 */
class UnitStatsReuseTest {
    private static final Fingerprint[] FPS = new Fingerprint[40];

    static {
        for (int i = 0; i < FPS.length; i++) {
            FPS[i] = Statements.select("select reuse " + i);
        }
    }

    @Test
    void theSameStatementsInTheSameOrderTakeTheirEntriesBack() {
        UnitStats u = new UnitStats(8, 8);
        for (int unit = 0; unit < 3; unit++) {
            assertEquals(0, u.execution(FPS[0], 100, 5, false));
            assertEquals(1, u.execution(FPS[1], 110, 5, false));
            assertEquals(0, u.execution(FPS[0], 120, 5, false));
            assertEquals(2, u.size());
            assertEquals(2, u.count(0));
            assertEquals(1, u.count(1));
            assertEquals(10, u.totalNanos(0));
            assertEquals(100, u.firstStartNanos(0));
            assertEquals(110, u.firstStartNanos(1));
            assertEquals(-1, u.find(FPS[2]));
            u.clear();
            assertEquals(-1, u.find(FPS[0]), "a cleared unit has run nothing, though its table still maps FPS[0]");
            assertEquals(-1, u.find(FPS[1]));
        }
    }

    @Test
    void aStatementOutOfTheLastOrderEmptiesWhatWasNotTakenBack() {
        UnitStats u = new UnitStats(8, 8);
        u.execution(FPS[0], 0, 1, false);
        u.execution(FPS[1], 0, 1, false);
        u.execution(FPS[2], 0, 1, false);
        u.clear();
        assertEquals(0, u.execution(FPS[0], 0, 1, false)); // taken back
        assertEquals(1, u.execution(FPS[2], 0, 1, false)); // out of order: FPS[1] and FPS[2] forgotten, FPS[2] added
        assertEquals(-1, u.find(FPS[1]));
        assertEquals(2, u.execution(FPS[1], 0, 1, false));
        assertEquals(0, u.find(FPS[0]));
        assertEquals(1, u.find(FPS[2]));
        assertEquals(2, u.find(FPS[1]));
        assertEquals(FPS[2], u.fingerprint(1));
        assertEquals(FPS[1], u.fingerprint(2));
        assertEquals(1, u.count(1));
    }

    @Test
    void theBoundCountsEntriesOfThisUnitOnly() {
        UnitStats u = new UnitStats(3, 8);
        u.execution(FPS[0], 0, 1, false);
        u.execution(FPS[1], 0, 1, false);
        u.execution(FPS[2], 0, 1, false);
        u.clear();
        assertEquals(0, u.execution(FPS[3], 0, 1, false));
        assertEquals(1, u.execution(FPS[4], 0, 1, false));
        assertEquals(2, u.execution(FPS[0], 0, 1, false));
        assertEquals(-1, u.execution(FPS[1], 0, 1, false));
        assertEquals(1, u.overflow());
        assertEquals(3, u.size());
    }

    /** Random units of random statement sequences against a map, through growth, clears and the bound. */
    @Test
    void randomUnitsMatchAFreshUnitsBookkeeping() {
        Random random = new Random(7);
        for (int bound : new int[] {4, 13, 40}) {
            UnitStats u = new UnitStats(bound, 64);
            for (int unit = 0; unit < 400; unit++) {
                Map<Fingerprint, Integer> entries = new LinkedHashMap<>();
                Map<Fingerprint, Integer> counts = new LinkedHashMap<>();
                int overflow = 0;
                int distinct = 1 + random.nextInt(FPS.length);
                List<Fingerprint> pool = new ArrayList<>();
                // often the same leading statements in the same order, as units of one endpoint are
                int offset = random.nextInt(3) == 0 ? random.nextInt(FPS.length) : 0;
                for (int i = 0; i < distinct; i++) {
                    pool.add(FPS[(offset + i) % FPS.length]);
                }
                int statements = random.nextInt(60);
                for (int s = 0; s < statements; s++) {
                    Fingerprint fp = random.nextInt(4) == 0 ? pool.get(random.nextInt(pool.size()))
                            : pool.get(Math.min(pool.size() - 1, s % (1 + random.nextInt(pool.size()))));
                    Integer expected = entries.get(fp);
                    if (expected == null && entries.size() < bound) {
                        expected = entries.size();
                        entries.put(fp, expected);
                    }
                    int e = u.execution(fp, s, 1, false);
                    if (expected == null) {
                        overflow++;
                        assertEquals(-1, e);
                    } else {
                        assertEquals((int) expected, e, "unit " + unit + " statement " + s);
                        counts.merge(fp, 1, Integer::sum);
                    }
                }
                assertEquals(entries.size(), u.size());
                assertEquals(overflow, u.overflow());
                for (Fingerprint fp : FPS) {
                    Integer e = entries.get(fp);
                    assertEquals(e == null ? -1 : e, u.find(fp));
                    if (e != null) {
                        assertEquals(fp, u.fingerprint(e));
                        assertEquals((int) counts.get(fp), u.count(e));
                    }
                }
                u.clear();
            }
        }
    }
}
