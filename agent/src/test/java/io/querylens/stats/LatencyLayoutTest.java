package io.querylens.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.HdrHistogram.AtomicHistogram;
import org.junit.jupiter.api.Test;

/** The latency a statement is counted as, computed without the histogram, is the histogram's own. */
class LatencyLayoutTest {
    private final AtomicHistogram histogram = StatementStats.newHistogram();

    private void agrees(long micros) {
        assertEquals(histogram.lowestEquivalentValue(micros), StatementStats.lowestEquivalentMicros(micros),
                "at " + micros + " µs");
    }

    @Test
    void everyValueUpToTheFirstBucketsAndAroundEveryPowerOfTwo() {
        for (long v = 1; v <= 70_000; v++) {
            agrees(v);
        }
        for (int bit = 17; bit < 62 && (1L << bit) <= StatementStats.HIGHEST_MICROS; bit++) {
            for (long d = -3; d <= 3; d++) {
                agrees((1L << bit) + d);
            }
        }
    }

    @Test
    void randomValuesUpToTheHighestRecorded() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            agrees(1 + (random.nextLong() >>> 1) % StatementStats.HIGHEST_MICROS);
        }
    }

    @Test
    void theRegistryCountsADurationAsItsMicrosecondsLowered() {
        StatsRegistry stats = new StatsRegistry(10, 10);
        assertEquals(1, stats.latencyValue(0));            // at least 1 µs
        assertEquals(255, stats.latencyValue(255_999));
        assertEquals(256, stats.latencyValue(257_000));    // 2 µs resolution from 256 µs
        assertEquals(StatementStats.lowestEquivalentMicros(StatementStats.HIGHEST_MICROS),
                stats.latencyValue(Long.MAX_VALUE));        // at most the histogram's highest
    }
}
