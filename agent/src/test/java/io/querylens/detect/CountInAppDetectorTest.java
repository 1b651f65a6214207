package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

class CountInAppDetectorTest {
    private final Fingerprint openOrders = Statements.selectStar("select * from orders where status = ?");

    @Test
    void iteratingEveryRowWithoutReadingAColumnCountsInTheApplication() {
        DetectorHarness h = new DetectorHarness().read(openOrders, 1, 25, 0, 12, 0, false, 0);
        assertEquals("COUNT_IN_APP x1", h.findings()); // and not also a column over-fetch
    }

    @Test
    void itsRepetitionsAreTheResultsCounted() {
        DetectorHarness h = new DetectorHarness().read(openOrders, 1, 25, 0, 12, 0, false, 0)
                .read(openOrders, 2, 30, 0, 12, 0, false, 0);
        assertEquals("COUNT_IN_APP x2", h.findings());
    }

    @Test
    void fewerThanTenRowsAreLeftAlone() {
        Fingerprint ids = Statements.select("select id from orders where status = ?");
        DetectorHarness h = new DetectorHarness().read(ids, 1, 9, 0, 1, 0, false, 0);
        assertEquals("", h.findings());
    }

    @Test
    void readingAColumnIsNotCounting() {
        Fingerprint ids = Statements.select("select id from orders where status = ?");
        DetectorHarness h = new DetectorHarness().read(ids, 1, 25, 0b1, 1, 0, false, 0);
        assertEquals("", h.findings());
    }

    @Test
    void stoppingEarlyIsNotCounting() {
        Fingerprint ids = Statements.select("select id from orders where status = ?");
        DetectorHarness h = new DetectorHarness().read(ids, 1, 25, 0, 1, 1, true, 0);
        assertEquals("", h.findings());
    }
}
