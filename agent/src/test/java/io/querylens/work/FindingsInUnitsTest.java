package io.querylens.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.querylens.api.spi.Detector;
import io.querylens.api.spi.FindingReporter;
import io.querylens.api.spi.StatementEvent;
import io.querylens.api.spi.UnitOfWorkSummary;
import io.querylens.detect.CallSite;
import io.querylens.detect.Finding;
import io.querylens.detect.FindingSummary;
import io.querylens.detect.Statements;
import io.querylens.sql.Fingerprint;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsInUnitsTest {
    private final Fingerprint byId = Statements.select("select * from customer where id = ?");

    @Test
    void anNPlusOneInARequestNamesTheRouteTheStatementAndTheLineThatRanIt() {
        Trackers t = new Trackers();
        Object token = t.tracker.beginRequest("GET", "/orders", null);
        t.tracker.route("/orders");
        for (long id = 1; id <= 7; id++) {
            loadCustomer(t, id);
        }
        t.tracker.endRequest(token, 200, null);
        FinishedUnit u = t.only();
        assertEquals(1, u.findings.size());
        Finding f = u.findings.get(0);
        assertEquals("N_PLUS_ONE", f.type);
        assertEquals(byId.hex, f.fingerprint);
        assertEquals("select * from customer where id = ?", f.sql);
        assertEquals(7, f.repetitions);
        assertEquals("GET /orders", f.unitOfWork);
        assertEquals(getClass().getName(), f.callSite.className);
        assertEquals("loadCustomer", f.callSite.method);
        assertEquals("FindingsInUnitsTest.java", f.callSite.file);
        assertEquals(LOAD_CUSTOMER_LINE, f.callSite.line);
        assertEquals("load them in one query: a join fetch, batch fetching (@BatchSize, "
                + "hibernate.default_batch_fetch_size) or one IN (...) query", f.suggestion);
    }

    private static int LOAD_CUSTOMER_LINE;

    private void loadCustomer(Trackers t, long id) {
        LOAD_CUSTOMER_LINE = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        t.run(byId, id); // the call site
    }

    @Test
    void findingsOfManyUnitsAggregateByTypeFingerprintAndCallSiteWithOneStackWalk() {
        Trackers t = new Trackers();
        for (int request = 0; request < 3; request++) {
            Object token = t.tracker.beginRequest("GET", "/orders", null);
            for (long id = 1; id <= 5 + request; id++) {
                loadCustomer(t, id);
            }
            t.tracker.endRequest(token, 200, null);
        }
        List<FindingSummary> s = t.registry.snapshot();
        assertEquals(1, s.size());
        assertEquals(3, s.get(0).occurrences);
        assertEquals(7, s.get(0).repetitions);
        assertEquals("GET /orders", s.get(0).unitOfWork);
        assertEquals(1, t.tracker.callSites().walks());
    }

    @Test
    void aQueryExplosionIsAFindingOfTheUnitWithItsStatementCount() {
        Trackers t = new Trackers("querylens.detect.explosion.max.statements=10");
        Object token = t.tracker.beginExplicit("report");
        for (int i = 0; i < 14; i++) {
            t.run(Statements.select("select " + i + " from dual"), 0);
        }
        t.tracker.endExplicit(token);
        Finding f = t.only().findings.get(0);
        assertEquals("QUERY_EXPLOSION", f.type);
        assertNull(f.fingerprint);
        assertEquals(14, f.repetitions);
    }

    @Test
    void anAllowedFingerprintRaisesNothingAndCostsNoStackWalk() {
        Trackers t = new Trackers("querylens.allow=N_PLUS_ONE:" + byId.hex);
        Object token = t.tracker.beginExplicit("u");
        for (long id = 1; id <= 6; id++) {
            t.run(byId, id);
        }
        t.tracker.endExplicit(token);
        assertEquals(0, t.only().findings.size());
        assertEquals(1, t.tracker.allowed());
        assertEquals(0, t.tracker.callSites().walks());
    }

    @Test
    void anAllowedCallSiteRaisesNothing() {
        Trackers t = new Trackers("querylens.allow=" + getClass().getName() + "#loadCustomer");
        Object token = t.tracker.beginExplicit("u");
        for (long id = 1; id <= 6; id++) {
            loadCustomer(t, id);
        }
        t.tracker.endExplicit(token);
        assertEquals(0, t.only().findings.size());
        assertEquals(1, t.tracker.allowed());
    }

    @Test
    void theRegistrysOverflowFingerprintStandsForManyStatementsAndIsNeverJudged() {
        Trackers t = new Trackers();
        Fingerprint overflow = Statements.withIndex("SELECT", "(other statements)", Trackers.FINGERPRINT_CAPACITY);
        Object token = t.tracker.beginExplicit("u");
        for (long id = 1; id <= 10; id++) {
            t.run(overflow, id);
        }
        t.tracker.endExplicit(token);
        assertEquals(0, t.only().findings.size());
        assertEquals(10, t.only().groups.get(0).count);
    }

    @Test
    void readsAreJudgedWhenTheirResultsClose() {
        Trackers t = new Trackers();
        Fingerprint wide = Statements.selectStar("select * from orders where customer_id = ?");
        Object token = t.tracker.beginExplicit("u");
        t.run(wide, 1).read(wide, 3, 0b1, 12);
        t.tracker.endExplicit(token);
        assertEquals("OVER_FETCH_COLUMNS x1", Trackers.findings(t.only()));
    }

    @Test
    void extensionDetectorsSeeStatementsResultsAndUnitsAndRaiseFindingsWithCallSites() {
        Detector wideRead = new Detector() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public void onStatement(StatementEvent s, FindingReporter r) {
                if (s.executionsInUnit() == 2) {
                    r.report("SECOND_RUN", s.fingerprint(), s.executionsInUnit(), "do it once");
                }
            }

            @Override
            public void onResult(StatementEvent s, FindingReporter r) {
                if (s.rowsRead() > 100) {
                    r.report("MANY_ROWS", s.fingerprint(), 1, "read fewer");
                }
            }

            @Override
            public void onUnitOfWorkEnd(UnitOfWorkSummary u, FindingReporter r) {
                if (u.statementCount() > 2 && u.kind().equals("explicit")) {
                    r.report("BUSY_UNIT", null, u.statementCount(), "do less");
                }
            }
        };
        Trackers t = new Trackers(List.of(wideRead), new TraceParents());
        Object token = t.tracker.beginExplicit("u");
        t.run(byId, 1);
        loadCustomer(t, 2);
        t.run(byId, 3).read(byId, 500, 0b1, 1);
        t.tracker.endExplicit(token);
        FinishedUnit u = t.only();
        assertEquals("SECOND_RUN x2, MANY_ROWS x1, BUSY_UNIT x3", Trackers.findings(u));
        assertEquals("loadCustomer", u.findings.get(0).callSite.method);
        assertEquals(byId.normalized, u.findings.get(0).sql);
        assertSame(CallSite.UNKNOWN, u.findings.get(2).callSite);
        assertEquals(3, t.registry.size());
    }

    @Test
    void aSpanTheApplicationHasActiveIsTheParentOfUnitsOutsideRequests() {
        io.opentelemetry.api.trace.SpanContext sc = io.opentelemetry.api.trace.SpanContext.create(
                "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", io.opentelemetry.api.trace.TraceFlags.getSampled(),
                io.opentelemetry.api.trace.TraceState.getDefault());
        Trackers t = new Trackers(List.of(), new TraceParents());
        try (io.opentelemetry.context.Scope ignored = io.opentelemetry.api.trace.Span.wrap(sc).makeCurrent()) {
            t.tracker.endExplicit(t.tracker.beginExplicit("job"));
            t.run(byId, 1);
        }
        t.tracker.flush();
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", t.units().get(0).parentTraceparent);
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", t.units().get(1).parentTraceparent);
        t.tracker.endExplicit(t.tracker.beginExplicit("no span"));
        assertNull(t.units().get(2).parentTraceparent);
    }
}
