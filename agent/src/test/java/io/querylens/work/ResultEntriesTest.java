package io.querylens.work;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.detect.Statements;
import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

/**
 * A result is read into the unit whose execution gave it: the JDBC layer hands back what
 * {@link WorkTracker#executed} returned, so no lookup is needed while that unit is open, and a unit opened
 * or ended in between does not take the rows.
 */
class ResultEntriesTest {
    private final Fingerprint byId = Statements.select("select id, name from customer where id = ?");
    private final Fingerprint orders = Statements.select("select id from orders where customer_id = ?");

    private static long rowsOf(FinishedUnit u, Fingerprint fp) {
        for (StatementGroup g : u.groups) {
            if (g.fingerprint == fp) {
                return g.rows;
            }
        }
        throw new AssertionError(fp + " not in " + u.name);
    }

    @Test
    void aResultClosedInsideAnInnerUnitStillCountsInTheUnitThatRanIt() {
        Trackers t = new Trackers();
        ThreadContext ctx = t.tracker.context();
        Object job = t.tracker.beginExplicit("job");
        long first = t.tracker.executed(ctx, byId, Trackers.H2, t.now, 1000, 1, 1, null);
        Object step = t.tracker.beginExplicit("step");
        long second = t.tracker.executed(ctx, byId, Trackers.H2, t.now + 5000, 1000, 2, 1, null);
        t.tracker.resultRead(ctx, byId, first, 7, 0b11, 2, 0, false, 0);  // the outer execution's result
        t.tracker.resultRead(ctx, byId, second, 2, 0b11, 2, 0, false, 0);
        t.tracker.endExplicit(step);
        t.tracker.endExplicit(job);
        assertEquals("step x1, job x1", Trackers.names(t.units()));
        assertEquals(2, rowsOf(t.units().get(0), byId));
        assertEquals(7, rowsOf(t.units().get(1), byId), "a lookup by fingerprint would have given them to step");
        assertEquals(0, t.tracker.lateResults());
    }

    @Test
    void anEntryOfAUnitThatHasEndedIsNotTakenForItsSuccessor() {
        Trackers t = new Trackers();
        ThreadContext ctx = t.tracker.context();
        t.tracker.transactionBegin(ctx);
        long stale = t.tracker.executed(ctx, byId, Trackers.H2, t.now, 1000, 1, 1, null);
        t.tracker.transactionEnd(ctx, true);
        // the same unit object is reused by the next transaction, which runs another statement first
        t.tracker.executed(ctx, orders, Trackers.H2, t.now + 5000, 1000, 2, 1, null);
        t.tracker.resultRead(ctx, byId, stale, 3, 0b1, 2, 0, false, 0);
        assertEquals(1, t.tracker.lateResults(), "its unit has ended: neither its entry 0 nor a lookup takes it");
        t.tracker.transactionEnd(ctx, true);
        assertEquals(0, rowsOf(t.units().get(1), orders));
    }

    @Test
    void withoutAnEntryTheInnermostUnitThatRanTheStatementTakesTheResult() {
        Trackers t = new Trackers();
        ThreadContext ctx = t.tracker.context();
        Object job = t.tracker.beginExplicit("job");
        t.tracker.executed(ctx, byId, Trackers.H2, t.now, 1000, 1, 1, null);
        Object step = t.tracker.beginExplicit("step");
        t.tracker.executed(ctx, orders, Trackers.H2, t.now + 5000, 1000, 2, 1, null);
        t.tracker.resultRead(ctx, byId, WorkTracker.NO_ENTRY, 4, 0b1, 2, 0, false, 0);
        t.tracker.endExplicit(step);
        t.tracker.endExplicit(job);
        assertEquals(4, rowsOf(t.units().get(1), byId));
    }

    @Test
    void anExecutionPastTheUnitsBoundHasNoEntry() {
        Trackers t = new Trackers("querylens.unit.max.fingerprints=1");
        ThreadContext ctx = t.tracker.context();
        t.tracker.beginExplicit("job");
        assertEquals(0, t.tracker.executed(ctx, orders, Trackers.H2, t.now, 1000, 1, 1, null) & 0xffff);
        assertEquals(WorkTracker.NO_ENTRY, t.tracker.executed(ctx, byId, Trackers.H2, t.now + 10, 1000, 1, 1, null));
    }
}
