package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void a_pair_line_gives_both_phases_and_with_the_driver_their_percentiles() {
        assertEquals("load_inplace_pair=3 on_cpu_ms=2010 off_cpu_ms=1990 added_cpu_ms=20",
                LoadInPlace.pairLine(3, 2010, 1990, null));
        assertEquals("load_inplace_pair=1 on_cpu_ms=5 off_cpu_ms=6 added_cpu_ms=-1 on_p50_ms=0.800 on_p95_ms=2.500"
                        + " on_p99_ms=4.000 off_p50_ms=0.750 off_p95_ms=2.400 off_p99_ms=4.100",
                LoadInPlace.pairLine(1, 5, 6, new double[] {0.8, 2.5, 4.0, 0.75, 2.4, 4.1}));
    }

    @Test
    void the_p95_change_is_the_median_of_the_pairs_changes() {
        double[][] pairs = {
            {0, 2.50, 0, 0, 2.40, 0}, // +4.2%
            {0, 2.00, 0, 0, 2.10, 0}, // -4.8%
            {0, 3.03, 0, 0, 3.00, 0}, // +1.0%
            {0, 1.00, 0, 0, 1.00, 0}, // 0
        };
        assertEquals("0.5", LoadInPlace.p95AddedPercent(pairs));
    }

    /** Stands in for the demo's LoadDriver: records its arguments, writes a summary as the driver does. */
    public static final class FakeDriver {
        static final List<String[]> CALLS = new ArrayList<>();

        public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
            CALLS.add(args);
            String json = null;
            for (String a : args) {
                if (a.startsWith("--json=")) {
                    json = a.substring("--json=".length());
                }
            }
            Files.write(Paths.get(json), ("{\"threads\":4,\"endpoints\":[],\"overall\":{\"count\":30,"
                    + "\"throughputPerSecond\":300.0,\"p50Ms\":0.9,\"p95Ms\":" + (2 + CALLS.size())
                    + ",\"p99Ms\":5.5}}").getBytes(StandardCharsets.UTF_8));
            return 0;
        }
    }

    @Test
    void a_driver_in_this_jvm_waits_for_the_address_then_runs_each_phase_for_its_duration() throws Exception {
        FakeDriver.CALLS.clear();
        try (ServerSocket listening = new ServerSocket(0)) {
            String base = "--base=http://127.0.0.1:" + listening.getLocalPort();
            LoadInPlace.Load load = LoadInPlace.Load.driver(FakeDriver.class.getName() + " " + base + " --rate=300");
            load.warmUp(1000);
            double[] phase = load.phase(2000);
            assertEquals(2, FakeDriver.CALLS.size(), "the warm-up and one phase");
            assertEquals(List.of(base, "--rate=300", "--duration=1s"), List.of(FakeDriver.CALLS.get(0)).subList(0, 3));
            assertEquals("--duration=2s", FakeDriver.CALLS.get(1)[2]);
            assertEquals(0.9, phase[0]);
            assertEquals(4.0, phase[1], "the phase's own summary");
            assertEquals(5.5, phase[2]);
        }
        assertThrows(IllegalArgumentException.class, () -> LoadInPlace.Load.driver(FakeDriver.class.getName()));
    }

    @Test
    void the_port_placeholder_is_a_port_nobody_listens_on() throws Exception {
        int port = LoadInPlace.freePort();
        assertTrue(port > 0 && port < 65536);
        try (ServerSocket s = new ServerSocket(port)) {
            assertEquals(port, s.getLocalPort(), "free: it can be bound");
        }
    }
}
