package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoadFiguresTest {

    @Test
    void figures_are_found_under_nested_millisecond_keys() {
        LoadFigures f = LoadFigures.from(Json.parse(
                "{\"requests\": 100, \"throughput_rps\": 812.5, \"latency_ms\": {\"p50\": 3.1, \"p95\": 7.9, \"p99\": 12, \"p999\": 30}}"));
        assertEquals(812.5, f.throughput);
        assertEquals(3.1, f.p50Ms);
        assertEquals(7.9, f.p95Ms);
        assertEquals(12.0, f.p99Ms);
    }

    @Test
    void microsecond_and_nanosecond_keys_are_converted_to_milliseconds() {
        LoadFigures f = LoadFigures.from(Json.parse(
                "{\"requestsPerSecond\": 90, \"p50Us\": 1500, \"latencyNanos\": {\"p95\": 4000000}, \"p99_us\": 9000}"));
        assertEquals(90.0, f.throughput);
        assertEquals(1.5, f.p50Ms);
        assertEquals(4.0, f.p95Ms);
        assertEquals(9.0, f.p99Ms);
    }

    @Test
    void a_figure_the_summary_lacks_is_not_a_number() {
        LoadFigures f = LoadFigures.from(Json.parse("{\"p95_ms\": 5, \"endpoints\": [{\"p50_ms\": 1}]}"));
        assertEquals(5.0, f.p95Ms);
        assertEquals(Double.NaN, f.p50Ms);
        assertEquals(Double.NaN, f.throughput);
    }
}
