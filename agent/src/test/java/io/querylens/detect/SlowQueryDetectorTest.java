package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.sql.Fingerprint;
import org.junit.jupiter.api.Test;

class SlowQueryDetectorTest {
    private final Fingerprint report = Statements.select("select sum(total) from orders where created > ?");

    @Test
    void anExecutionOfOneSecondIsSlow() {
        DetectorHarness h = new DetectorHarness().run(report, 1, 1_000_000_000L, 1);
        assertEquals("SLOW_QUERY x1", h.findings());
    }

    @Test
    void justUnderTheThresholdIsNot() {
        DetectorHarness h = new DetectorHarness().run(report, 1, 999_999_999L, 1);
        assertEquals("", h.findings());
    }

    @Test
    void itsRepetitionsAreTheSlowExecutionsOnly() {
        DetectorHarness h = new DetectorHarness().run(report, 1, 2_000_000_000L, 1).run(report, 2, 5_000_000, 1)
                .run(report, 3, 1_500_000_000L, 1);
        assertEquals("SLOW_QUERY x2", h.findings());
    }

    @Test
    void slowWritesCountToo() {
        Fingerprint purge = Statements.of("DELETE", "delete from audit where created < ?", false, false);
        DetectorHarness h = new DetectorHarness().run(purge, 1, 3_000_000_000L, 1);
        assertEquals("SLOW_QUERY x1", h.findings());
    }
}
