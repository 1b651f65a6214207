package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingRegistryTest {
    private static final CallSite A = new CallSite("com.shop.A", "run", "A.java", 10);
    private static final CallSite B = new CallSite("com.shop.B", "run", "B.java", 20);

    @Test
    void findingsAreAggregatedByTypeFingerprintAndCallSite() {
        FindingRegistry r = new FindingRegistry(10);
        r.add(finding("N_PLUS_ONE", "00000000000000aa", 7, "GET /orders", A));
        r.add(finding("N_PLUS_ONE", "00000000000000aa", 12, "GET /orders/{id}", A));
        r.add(finding("N_PLUS_ONE", "00000000000000aa", 5, "GET /orders", B));
        r.add(finding("DUPLICATE_QUERY", "00000000000000aa", 2, "GET /orders", A));
        List<FindingSummary> s = r.snapshot();
        assertEquals(3, s.size());
        FindingSummary top = s.get(0);
        assertEquals("N_PLUS_ONE", top.type);
        assertEquals(A, top.callSite);
        assertEquals(2, top.occurrences);
        assertEquals(12, top.repetitions);
        assertEquals("GET /orders/{id}", top.unitOfWork);
        assertEquals("select * from customer where id = ?", top.sql);
        assertEquals("N_PLUS_ONE", s.get(1).type);
        assertEquals(B, s.get(1).callSite);
        assertEquals("DUPLICATE_QUERY", s.get(2).type);
    }

    @Test
    void theRegistryIsBoundedAndCountsWhatItTurnedAway() {
        FindingRegistry r = new FindingRegistry(2);
        r.add(finding("N_PLUS_ONE", "00000000000000aa", 5, "u", A));
        r.add(finding("N_PLUS_ONE", "00000000000000bb", 5, "u", A));
        r.add(finding("N_PLUS_ONE", "00000000000000cc", 5, "u", A));
        r.add(finding("N_PLUS_ONE", "00000000000000aa", 6, "u", A)); // an existing aggregate still counts
        assertEquals(2, r.size());
        assertEquals(1, r.dropped());
        assertEquals(2, r.snapshot().get(0).occurrences);
    }

    @Test
    void unitWideFindingsHaveNoFingerprint() {
        FindingRegistry r = new FindingRegistry(2);
        r.add(new Finding("QUERY_EXPLOSION", null, null, 340, "POST /import", A, null, "fewer"));
        r.add(new Finding("QUERY_EXPLOSION", null, null, 120, "POST /import", A, null, "fewer"));
        assertEquals(1, r.size());
        assertEquals(340, r.snapshot().get(0).repetitions);
    }

    private static Finding finding(String type, String fp, int reps, String unit, CallSite site) {
        return new Finding(type, fp, "select * from customer where id = ?", reps, unit, site, null, "fix it");
    }
}
