package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

class LargeResultDetectorTest {
    private final Fingerprint all = Statements.select("select id, total from orders");

    @Test
    void tenThousandRowsReadAtOnceAreALargeResult() {
        DetectorHarness h = new DetectorHarness().read(all, 0, 10_000, 0b11, 2, 0, false, 0);
        assertEquals("LARGE_RESULT x1", h.findings());
    }

    @Test
    void oneRowFewerIsNot() {
        DetectorHarness h = new DetectorHarness().read(all, 0, 9_999, 0b11, 2, 0, false, 0);
        assertEquals("", h.findings());
    }

    @Test
    void aDeliberateStreamWithAFetchSizeIsClean() {
        DetectorHarness h = new DetectorHarness().read(all, 0, 250_000, 0b11, 2, 0, false, 500);
        assertEquals("", h.findings());
    }

    @Test
    void itsRepetitionsAreTheLargeResultsInTheUnit() {
        DetectorHarness h = new DetectorHarness().read(all, 0, 20_000, 0b11, 2, 0, false, 0)
                .read(all, 0, 20_000, 0b11, 2, 0, false, 0).read(all, 0, 5, 0b11, 2, 0, false, 0);
        assertEquals("DUPLICATE_QUERY x3, LARGE_RESULT x2", h.findings());
    }
}
