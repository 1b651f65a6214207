package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

/** Code that uses the database well raises nothing, with every built-in detector at its default. */
class CleanCodeTest {
    @Test
    void aJoinInsteadOfALoopRaisesNothing() {
        Fingerprint join = Statements.select("select o.id, c.name from orders o join customer c on c.id = o.customer_id where o.id in (?)");
        DetectorHarness h = new DetectorHarness().read(join, 1, 40, 0b11, 2, 0, false, 0);
        assertEquals("", h.findings());
    }

    @Test
    void batchedInsertsRaiseNothing() {
        Fingerprint insert = Statements.insert("insert into line (order_id, qty) values (?, ?)");
        DetectorHarness h = new DetectorHarness();
        for (int i = 0; i < 10; i++) {
            h.run(insert, i, 3_000_000, 100);
        }
        assertEquals("", h.findings());
    }

    @Test
    void aLimitedReadOfTheColumnsUsedRaisesNothing() {
        Fingerprint page = Statements.select("select id, total, status from orders order by id limit ?");
        DetectorHarness h = new DetectorHarness().read(page, 20, 20, 0b111, 3, 1, true, 0);
        assertEquals("", h.findings());
    }

    @Test
    void anExistenceCheckWithLimitOneRaisesNothing() {
        Fingerprint exists = Statements.select("select 1 from customer where email = ? limit 1");
        DetectorHarness h = new DetectorHarness().read(exists, 77, 1, 0, 1, 1, true, 0);
        assertEquals("", h.findings());
    }

    @Test
    void aDeliberateStreamOverABigTableWithAFetchSizeRaisesNothing() {
        Fingerprint export = Statements.select("select id, total, status, created from orders");
        DetectorHarness h = new DetectorHarness().read(export, 0, 200_000, 0b1111, 4, 0, false, 1000);
        assertEquals("", h.findings());
    }

    @Test
    void theSameStatementAFewTimesBelowThresholdRaisesNothing() {
        Fingerprint byId = Statements.select("select id, name from customer where id = ?");
        DetectorHarness h = new DetectorHarness();
        for (long id = 1; id <= 4; id++) {
            h.read(byId, id, 1, 0b11, 2, 0, false, 0);
        }
        assertEquals("", h.findings());
    }
}
