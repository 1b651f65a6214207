package io.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    private static SqlAnalysis analysis(String operation, boolean hasLimit, boolean parsed) {
        return new SqlAnalysis(operation, List.of("t"), operation + " t", false, hasLimit, parsed);
    }

    @Test
    void theKindsTheStatementPathAsksFollowTheAnalysisThatReplacesTheFastOne() {
        Fingerprint fp = new Fingerprint(1, "select a from t", 0, analysis("SELECT", false, false));
        assertTrue(fp.isSelect());
        assertFalse(fp.isWrite());
        assertFalse(fp.hasLimit());

        fp.analysis(analysis("SELECT", true, true)); // JSqlParser found a limit the fast pass missed
        assertTrue(fp.isSelect());
        assertTrue(fp.hasLimit());
        assertTrue(fp.analysis().hasLimit);

        fp.analysis(null); // no parse result: the last analysis and its kinds stay
        assertTrue(fp.hasLimit());

        for (String write : new String[] {"INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE"}) {
            Fingerprint w = new Fingerprint(2, write.toLowerCase() + " t", 1, analysis(write, false, false));
            assertTrue(w.isWrite(), write);
            assertFalse(w.isSelect(), write);
            assertTrue(w.analysis().isWrite(), write);
        }
        Fingerprint call = new Fingerprint(3, "call p()", 2, analysis("CALL", false, false));
        assertFalse(call.isWrite());
        assertFalse(call.isSelect());
        Fingerprint unknown = new Fingerprint(4, "?", 3, analysis(null, false, false));
        assertFalse(unknown.isSelect());
    }
}
