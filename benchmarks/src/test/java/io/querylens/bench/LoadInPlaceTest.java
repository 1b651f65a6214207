package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadInPlaceTest {
    @Test
    void without_the_agent_it_says_that_querylens_is_not_attached() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LoadInPlace.measure(1, 1, 300, "exec"));
        assertTrue(e.getMessage().contains("QueryLens is not attached"), e.getMessage());
    }

    @Test
    void the_summary_gives_the_medians_and_the_added_time_per_request() {
        long[] on = {2000, 1950, 1900};
        long[] off = {1950, 1960, 1850};
        long[] added = {50, -10, 50};
        // 50 ms over 3,000 requests (300 requests/s for 10 s) is 16.7 µs a request
        assertEquals("load_inplace_on_ms=1950 load_inplace_off_ms=1950 load_inplace_added_ms=50"
                + " load_inplace_added_us_per_request=17", LoadInPlace.summary(on, off, added, 3000));
    }
}
