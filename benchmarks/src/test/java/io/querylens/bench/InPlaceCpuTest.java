package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Without the agent there is nothing to switch, and it says so; with the agent, {@code RunScriptIT} runs it
 * through {@code run.sh --quick}.
 */
class InPlaceCpuTest {
    @Test
    void without_the_agent_it_says_that_querylens_is_not_attached() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> InPlaceCpu.measure(1, 10));
        assertTrue(e.getMessage().contains("QueryLens is not attached"), e.getMessage());
    }

    @Test
    void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assertEquals(15, InPlaceCpu.median(new long[] {40, 10, 20, 5}));
        assertEquals(20, InPlaceCpu.median(new long[] {40, 10, 20}));
        assertEquals(2.25, InPlaceCpu.median(new double[] {2.5, 2.0, 3.0, 1.0}));
    }

    @Test
    void the_rows_workload_also_says_that_querylens_is_not_attached() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> InPlaceCpu.measureRows(1, 1));
        assertTrue(e.getMessage().contains("QueryLens is not attached"), e.getMessage());
    }
}
