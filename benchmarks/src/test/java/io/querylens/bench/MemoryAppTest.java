package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import org.junit.jupiter.api.Test;

class MemoryAppTest {

    @Test
    void agent_class_bytes_sum_the_histogram_rows_of_the_agents_package() {
        String histogram = String.join("\n",
                " num     #instances         #bytes  class name (module)",
                "-------------------------------------------------------",
                "   1:         12010         960800  [B (java.base@17.0.15)",
                "   2:           100           4800  io.querylens.stats.StatementStats",
                "   3:            10            400  io.querylens.shaded.hdrhistogram.Recorder",
                "   4:             3            144  io.opentelemetry.sdk.trace.SdkSpan",
                "Total         12123         966144");
        assertEquals(5200, MemoryApp.classBytes(histogram, "io.querylens."));
        assertEquals(144, MemoryApp.classBytes(histogram, "io.opentelemetry."));
    }

    @Test
    void both_workloads_run_their_statements_against_h2() throws Exception {
        try (Connection connection = ItemTable.open()) {
            ItemTable.create(connection, 100);
            // ids 1..100, 250 statements: ids 1..100 twice and 1..50 once more
            long idSum = 2 * 5050 + 1275;
            assertEquals(idSum, MemoryApp.distinctFingerprints(connection, 250, 7));
            // each name "item N" has 5 + digits(N) characters: 9 of 6, 90 of 7, 1 of 8 per 100 ids
            assertEquals(2 * (9 * 6 + 90 * 7 + 8) + (9 * 6 + 41 * 7), MemoryApp.uniqueLiterals(connection, 250));
        }
    }
}
