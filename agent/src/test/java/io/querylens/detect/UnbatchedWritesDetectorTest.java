package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

class UnbatchedWritesDetectorTest {
    private final Fingerprint insertLine = Statements.insert("insert into line (order_id, product_id, qty) values (?, ?, ?)");

    @Test
    void fiveSingleRowInsertsOfOneStatementAreUnbatched() {
        DetectorHarness h = new DetectorHarness();
        for (long i = 1; i <= 5; i++) {
            h.run(insertLine, i);
        }
        assertEquals("UNBATCHED_WRITES x5", h.findings());
    }

    @Test
    void itsRepetitionsCountEverySingleWriteInTheUnit() {
        DetectorHarness h = new DetectorHarness();
        for (long i = 1; i <= 8; i++) {
            h.run(insertLine, i);
        }
        assertEquals("UNBATCHED_WRITES x8", h.findings());
    }

    @Test
    void batchedInsertsAreClean() {
        DetectorHarness h = new DetectorHarness();
        for (long i = 1; i <= 20; i++) {
            h.run(insertLine, i, 2_000_000, 50);
        }
        assertEquals("", h.findings());
    }

    @Test
    void fourWritesAreBelowTheThreshold() {
        DetectorHarness h = new DetectorHarness();
        for (long i = 1; i <= 4; i++) {
            h.run(insertLine, i);
        }
        assertEquals("", h.findings());
    }

    @Test
    void selectsAreNotWrites() {
        Fingerprint select = Statements.select("select 1 from dual where x = ?");
        DetectorHarness h = new DetectorHarness();
        for (int i = 0; i < 4; i++) {
            h.run(select, 5);
        }
        assertEquals("DUPLICATE_QUERY x4", h.findings());
    }
}
