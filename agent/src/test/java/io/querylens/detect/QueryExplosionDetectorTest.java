package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueryExplosionDetectorTest {
    @Test
    void theHundredAndFirstStatementOfAUnitIsAnExplosionOnce() {
        QueryExplosionDetector d = new QueryExplosionDetector(100, false);
        int raised = 0;
        for (int n = 1; n <= 500; n++) {
            if (d.afterStatement(n, false)) {
                raised++;
                assertEquals(101, n);
            }
        }
        assertEquals(1, raised);
    }

    @Test
    void aHundredStatementsAreFine() {
        QueryExplosionDetector d = new QueryExplosionDetector(100, false);
        for (int n = 1; n <= 100; n++) {
            assertEquals(false, d.afterStatement(n, false));
        }
    }

    @Test
    void implicitUnitsAreLeftOutUnlessAskedFor() {
        assertEquals(false, new QueryExplosionDetector(100, false).afterStatement(101, true));
        assertEquals(true, new QueryExplosionDetector(100, true).afterStatement(101, true));
    }
}
