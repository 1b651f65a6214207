package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

class OverFetchDetectorTest {
    private static final int NO = 0;
    private static final int YES = 1;
    private final Fingerprint allOrders = Statements.selectStar("select * from orders where customer_id = ?");

    @Test
    void selectStarOfAWideTableWithOneColumnReadOverFetchesColumns() {
        DetectorHarness h = new DetectorHarness().read(allOrders, 1, 3, 0b1, 12, NO, false, 0);
        assertEquals("OVER_FETCH_COLUMNS x1", h.findings());
    }

    @Test
    void itsRepetitionsAreTheResultsThatOverFetched() {
        DetectorHarness h = new DetectorHarness();
        h.read(allOrders, 1, 3, 0b1, 12, NO, false, 0).read(allOrders, 2, 3, 0b11, 12, NO, false, 0)
                .read(allOrders, 3, 3, 0b111111, 12, NO, false, 0);
        assertEquals("OVER_FETCH_COLUMNS x2", h.findings());
    }

    @Test
    void readingTheColumnsSelectedIsClean() {
        DetectorHarness h = new DetectorHarness().read(allOrders, 1, 3, 0b111111111111L, 12, NO, false, 0);
        assertEquals("", h.findings());
    }

    @Test
    void aNarrowResultIsNeverAColumnOverFetch() {
        DetectorHarness h = new DetectorHarness().read(allOrders, 1, 3, 0b1, 5, NO, false, 0);
        assertEquals("", h.findings());
    }

    @Test
    void stoppingWhileRowsRemainWithoutALimitOverFetchesRows() {
        Fingerprint latest = Statements.select("select id, total from orders order by created desc");
        DetectorHarness h = new DetectorHarness().read(latest, 0, 10, 0b11, 2, YES, false, 0);
        assertEquals("OVER_FETCH_ROWS x1", h.findings());
    }

    @Test
    void aLimitedReadOfTheColumnsUsedIsClean() {
        Fingerprint latest = Statements.select("select id, total from orders order by created desc limit ?");
        DetectorHarness h = new DetectorHarness().read(latest, 10, 10, 0b11, 2, YES, false, 0);
        assertEquals("", h.findings());
    }

    @Test
    void setMaxRowsCountsAsALimit() {
        Fingerprint latest = Statements.select("select id, total from orders order by created desc");
        DetectorHarness h = new DetectorHarness().read(latest, 0, 10, 0b11, 2, YES, true, 0);
        assertEquals("", h.findings());
    }

    @Test
    void anExistenceCheckWithLimitOneIsClean() {
        Fingerprint exists = Statements.select("select 1 from orders where customer_id = ? limit 1");
        DetectorHarness h = new DetectorHarness().read(exists, 5, 1, 0, 1, NO, false, 0);
        assertEquals("", h.findings());
    }

    @Test
    void aStreamWithAFetchSizeThatStopsEarlyIsClean() {
        Fingerprint scan = Statements.select("select id, total from orders");
        DetectorHarness h = new DetectorHarness().read(scan, 0, 50_000, 0b11, 2, YES, false, 1000);
        assertEquals("", h.findings());
    }

    @Test
    void anUnknownRemainderIsNotJudged() {
        Fingerprint scan = Statements.select("select id, total from orders");
        DetectorHarness h = new DetectorHarness().read(scan, 0, 10, 0b11, 2, -1, false, 0);
        assertEquals("", h.findings());
    }
}
