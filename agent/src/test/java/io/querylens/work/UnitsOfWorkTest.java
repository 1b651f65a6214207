package io.querylens.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.detect.Statements;
import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

class UnitsOfWorkTest {
    private final Fingerprint byId = Statements.select("select * from customer where id = ?");
    private final Fingerprint insert = Statements.insert("insert into audit (what) values (?)");

    @Test
    void statementsOutsideAnyUnitFormAnImplicitUnitNamedAfterTheThreadThatEndsAfterAnIdleGap() {
        Trackers t = new Trackers("querylens.unit.idle.timeout=1s");
        t.run(byId, 1).run(byId, 2).idle(1500).run(byId, 3);
        FinishedUnit first = t.only();
        assertEquals(FinishedUnit.Kind.IMPLICIT, first.kind);
        assertEquals("thread " + UnitNames.collapseDigits(Thread.currentThread().getName()), first.name);
        assertEquals(2, first.statementCount);
        t.tracker.flush();
        assertEquals(2, t.units().size());
        assertEquals(1, t.units().get(1).statementCount);
    }

    @Test
    void aGapShorterThanTheTimeoutKeepsOneImplicitUnit() {
        Trackers t = new Trackers("querylens.unit.idle.timeout=1s");
        t.run(byId, 1).idle(900).run(byId, 2).idle(900).run(byId, 3);
        t.tracker.flush();
        assertEquals(3, t.only().statementCount);
    }

    @Test
    void theStatementCapEndsAnImplicitUnitSoALongBatchJobIsJudgedInWindows() {
        Trackers t = new Trackers("querylens.unit.max.statements=3");
        for (long i = 1; i <= 7; i++) {
            t.run(insert, i);
        }
        t.tracker.flush();
        assertEquals(3, t.units().size(), t.describe());
        assertEquals(3, t.units().get(0).statementCount);
        assertEquals(3, t.units().get(1).statementCount);
        assertEquals(1, t.units().get(2).statementCount);
    }

    @Test
    void aBatchJobInAutocommitModeIsStillJudged() {
        Trackers t = new Trackers();
        for (long i = 1; i <= 6; i++) {
            t.run(insert, i);
        }
        t.tracker.flush();
        assertEquals("UNBATCHED_WRITES x6", Trackers.findings(t.only()));
    }

    @Test
    void aRequestIsOneUnitNamedByItsRoute() {
        Trackers t = new Trackers();
        Object token = t.tracker.beginRequest("GET", "/orders/42", null);
        t.tracker.route("/orders/{id}");
        t.run(byId, 1).run(byId, 2);
        t.tracker.endRequest(token, 200, null);
        FinishedUnit u = t.only();
        assertEquals(FinishedUnit.Kind.REQUEST, u.kind);
        assertEquals("GET /orders/{id}", u.name);
        assertEquals(200, u.httpStatus);
        assertEquals(2, u.statementCount);
        assertNull(u.errorType);
    }

    @Test
    void withoutARouteTheRequestIsNamedByItsPathWithIdsReplaced() {
        Trackers t = new Trackers();
        Object token = t.tracker.beginRequest("DELETE", "/orders/42/lines/7f3c2a9e-1b2c-4d5e-8f90-123456789abc?x=1", null);
        t.run(byId, 1);
        t.tracker.endRequest(token, 500, new IllegalStateException());
        assertEquals("DELETE /orders/{id}/lines/{id}", t.only().name);
        assertEquals("java.lang.IllegalStateException", t.only().errorType);
    }

    @Test
    void aRequestEndsTheImplicitUnitBeforeIt() {
        Trackers t = new Trackers();
        t.run(insert, 1);
        Object token = t.tracker.beginRequest("GET", "/", null);
        t.run(byId, 1);
        t.tracker.endRequest(token, 200, null);
        assertEquals("thread " + UnitNames.collapseDigits(Thread.currentThread().getName()) + " x1, GET / x1",
                Trackers.names(t.units()));
    }

    @Test
    void aForwardInsideARequestIsNotANewUnit() {
        Trackers t = new Trackers();
        Object token = t.tracker.beginRequest("GET", "/a", null);
        assertNull(t.tracker.beginRequest("GET", "/b", null));
        t.run(byId, 1);
        t.tracker.endRequest(token, 200, null);
        assertEquals("GET /a x1", Trackers.names(t.units()));
    }

    @Test
    void anExplicitUnitInsideARequestTakesItsStatementsAndTheRequestGoesOn() {
        Trackers t = new Trackers();
        Object request = t.tracker.beginRequest("POST", "/import", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        t.run(byId, 1);
        Object explicit = t.tracker.beginExplicit("parse-file");
        t.run(insert, 1).run(insert, 2);
        t.tracker.endExplicit(explicit);
        t.run(byId, 2);
        t.tracker.endRequest(request, 201, null);
        assertEquals("parse-file x2, POST /import x2", Trackers.names(t.units()));
        assertEquals(FinishedUnit.Kind.EXPLICIT, t.units().get(0).kind);
        // the inner unit joins the request's trace
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", t.units().get(0).parentTraceparent);
    }

    @Test
    void endingAnOuterUnitEndsTheUnitsLeftOpenInsideIt() {
        Trackers t = new Trackers();
        Object outer = t.tracker.beginExplicit("outer");
        t.tracker.beginExplicit("inner-never-closed");
        t.run(byId, 1);
        t.tracker.endExplicit(outer);
        assertEquals("inner-never-closed x1, outer x0", Trackers.names(t.units()));
        t.tracker.endExplicit(outer); // ending twice is harmless
        assertEquals(2, t.units().size());
        assertEquals(1, t.tracker.staleTokens());
    }

    @Test
    void aTransactionIsAUnitFromSetAutoCommitFalseToCommit() {
        Trackers t = new Trackers();
        ThreadContext ctx = t.tracker.context();
        t.tracker.transactionBegin(ctx);
        t.run(byId, 1).run(insert, 1);
        t.tracker.transactionEnd(ctx, true);
        FinishedUnit u = t.only();
        assertEquals(FinishedUnit.Kind.TRANSACTION, u.kind);
        assertEquals("transaction", u.name);
        assertEquals(2, u.statementCount);
        assertNull(u.errorType);
    }

    @Test
    void withAutocommitStillOffTheStatementAfterACommitBeginsTheNextTransaction() {
        Trackers t = new Trackers();
        ThreadContext ctx = t.tracker.context();
        t.tracker.transactionBegin(ctx);
        t.run(insert, 1);
        t.tracker.transactionEnd(ctx, true);
        t.run(insert, 2).run(insert, 3);
        t.tracker.transactionEnd(ctx, false);
        t.tracker.autoCommitRestored(ctx);
        t.run(byId, 1);
        t.tracker.flush();
        assertEquals("transaction x1, transaction x2, thread " + UnitNames.collapseDigits(Thread.currentThread().getName())
                + " x1", Trackers.names(t.units()));
        assertEquals("rollback", t.units().get(1).errorType);
    }

    @Test
    void setAutoCommitTrueEndsAnOpenTransaction() {
        Trackers t = new Trackers();
        ThreadContext ctx = t.tracker.context();
        t.tracker.transactionBegin(ctx);
        t.run(insert, 1);
        t.tracker.autoCommitRestored(ctx);
        assertEquals("transaction x1", Trackers.names(t.units()));
    }

    @Test
    void aTransactionInsideARequestBelongsToTheRequest() {
        Trackers t = new Trackers();
        ThreadContext ctx = t.tracker.context();
        Object request = t.tracker.beginRequest("POST", "/orders", null);
        t.tracker.transactionBegin(ctx);
        t.run(insert, 1);
        t.tracker.transactionEnd(ctx, true);
        t.run(byId, 1);
        t.tracker.autoCommitRestored(ctx);
        t.tracker.endRequest(request, 200, null);
        assertEquals("POST /orders x2", Trackers.names(t.units()));
    }

    @Test
    void aTransactionEndsTheImplicitUnitBeforeIt() {
        Trackers t = new Trackers();
        ThreadContext ctx = t.tracker.context();
        t.run(byId, 1);
        t.tracker.transactionBegin(ctx);
        t.run(insert, 1);
        t.tracker.transactionEnd(ctx, true);
        assertEquals(FinishedUnit.Kind.IMPLICIT, t.units().get(0).kind);
        assertEquals(FinishedUnit.Kind.TRANSACTION, t.units().get(1).kind);
    }

    @Test
    void anExplicitUnitOutsideARequestOpensItsOwnUnit() {
        Trackers t = new Trackers();
        Object token = t.tracker.beginExplicit("nightly-import");
        ThreadContext ctx = t.tracker.context();
        t.tracker.transactionBegin(ctx); // inside an explicit unit: not a unit of its own
        t.run(insert, 1);
        t.tracker.transactionEnd(ctx, true);
        t.tracker.endExplicit(token);
        assertEquals("nightly-import x1", Trackers.names(t.units()));
    }

    @Test
    void aValidTraceparentHeaderIsContinuedAndAnInvalidOneIgnored() {
        Trackers t = new Trackers();
        t.tracker.endRequest(t.tracker.beginRequest("GET", "/a",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), 200, null);
        t.tracker.endRequest(t.tracker.beginRequest("GET", "/b", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"),
                200, null);
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", t.units().get(0).parentTraceparent);
        assertNull(t.units().get(1).parentTraceparent);
    }

    @Test
    void unitTimesAreEpochNanosecondsAroundNow() {
        Trackers t = new Trackers();
        long before = System.currentTimeMillis() * 1_000_000L;
        Object token = t.tracker.beginExplicit("timed");
        t.tracker.endExplicit(token);
        long after = System.currentTimeMillis() * 1_000_000L;
        FinishedUnit u = t.only();
        assertTrue(u.startEpochNanos >= before - 5_000_000 && u.endEpochNanos <= after + 5_000_000,
                u.startEpochNanos + " " + before);
        assertTrue(u.endEpochNanos >= u.startEpochNanos);
    }

    @Test
    void statementGroupsKeepFirstExecutionOrderAndTheFirstFewExecutions() {
        Trackers t = new Trackers("querylens.spans.per.statement=2");
        Fingerprint lines = Statements.select("select * from line where order_id = ?");
        Object token = t.tracker.beginExplicit("u");
        t.run(lines, 1).run(byId, 1).run(lines, 2).run(lines, 3);
        t.read(lines, 4, 0b1, 1).read(lines, 2, 0b1, 1);
        t.tracker.endExplicit(token);
        FinishedUnit u = t.only();
        assertEquals(2, u.groups.size());
        StatementGroup g = u.groups.get(0);
        assertEquals(lines, g.fingerprint);
        assertEquals(3, g.count);
        assertEquals(6, g.rows);
        assertEquals(2, g.executions.size());
        assertEquals(1, g.folded());
        assertEquals(4, g.executions.get(0).rows);
        assertEquals(2, g.executions.get(1).rows);
        assertEquals(1_500_000L, g.totalDurationNanos);
        assertEquals(Trackers.H2, g.db);
        assertEquals(byId, u.groups.get(1).fingerprint);
        assertEquals(-1, u.groups.get(1).executions.get(0).rows);
    }

    @Test
    void aResultClosedAfterItsUnitEndedIsCountedNotAttributed() {
        Trackers t = new Trackers();
        Object token = t.tracker.beginExplicit("u");
        t.run(byId, 1);
        t.tracker.endExplicit(token);
        t.read(byId, 10, 0, 5);
        assertEquals(1, t.tracker.lateResults());
        assertEquals(1, t.units().size());
    }

    @Test
    void unitsNestOnlySoDeepAndTheRestIsCounted() {
        Trackers t = new Trackers();
        for (int i = 0; i < WorkTracker.MAX_DEPTH; i++) {
            assertNotNull(t.tracker.beginExplicit("level " + i));
        }
        assertNull(t.tracker.beginExplicit("too deep"));
        assertEquals(1, t.tracker.depthRefused());
    }

    @Test
    void aUnitNobodyExportsDoesNotAskForItsTraceParentAndASettledWishIsAskedOnce() {
        String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        int[] parentAsked = {0};
        Trackers t = new Trackers(java.util.List.of(), new TraceParents() {
            @Override
            public String current() {
                parentAsked[0]++;
                return parent;
            }
        });
        java.util.List<FinishedUnit> got = new java.util.ArrayList<>();
        boolean[] wants = {false};
        boolean[] settled = {false};
        int[] wishAsked = {0};
        UnitListener listener = new UnitListener() {
            @Override
            public void unitFinished(FinishedUnit unit) {
                got.add(unit);
            }

            @Override
            public boolean wantsUnits() {
                wishAsked[0]++;
                return wants[0];
            }

            @Override
            public boolean wantsUnitsSettled() {
                return settled[0];
            }
        };
        t.tracker.setListener(listener);

        // nothing is exported: the implicit unit and the transaction are neither built nor given a parent
        t.run(byId, 1);
        t.tracker.flush();
        ThreadContext ctx = t.tracker.context();
        t.tracker.transactionBegin(ctx);
        t.run(byId, 2);
        t.tracker.transactionEnd(ctx, true);
        t.tracker.autoCommitRestored(ctx);
        assertEquals(0, got.size());
        assertEquals(0, parentAsked[0], "the trace parent is asked for only for a unit that will be exported");
        assertEquals(2, wishAsked[0], "an unsettled wish is asked at every unit");

        // export starts: units keep their executions and their trace parent
        wants[0] = true;
        t.run(byId, 3);
        t.tracker.flush();
        assertEquals(1, got.size());
        assertEquals(parent, got.get(0).parentTraceparent);
        assertEquals(1, parentAsked[0]);
        assertEquals(3, wishAsked[0]);

        // settled: asked once more, then kept
        settled[0] = true;
        for (int i = 0; i < 3; i++) {
            t.run(byId, 4 + i);
            t.tracker.flush();
        }
        assertEquals(4, got.size());
        assertEquals(4, wishAsked[0]);
        assertEquals(4, parentAsked[0]);

        // a new listener is asked again
        wants[0] = false;
        t.tracker.setListener(listener);
        t.run(byId, 8);
        t.tracker.flush();
        assertEquals(5, wishAsked[0]);
        assertEquals(4, got.size(), "the new answer (no) is taken");
        assertEquals(4, parentAsked[0]);
    }
}
