package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** The CPU-time workload is the JMH benchmark's, and it measures something. */
class StatementCpuTest {
    @Test
    void it_reads_the_same_ids_as_the_jmh_benchmark_three_lookups_per_commit() throws Exception {
        JdbcStatementBenchmark benchmark = new JdbcStatementBenchmark();
        benchmark.setUp();
        long[] ids = StatementCpu.ids();
        try {
            for (int i = 0; i < 10; i++) {
                assertEquals(benchmark.idAt(i), ids[i]);
            }
        } finally {
            benchmark.tearDown();
        }
        try (Connection connection = ItemTable.open(); Connection check = ItemTable.open()) {
            ItemTable.create(connection, ItemTable.ROWS);
            ItemTable.create(check, ItemTable.ROWS);
            connection.setAutoCommit(false);
            long expected = 0;
            for (int i = 0; i < 7; i++) {
                expected += ItemTable.lookup(check, ids[i]);
            }
            assertEquals(expected, StatementCpu.run(connection, ids, 7));
        }
    }

    @Test
    void it_reports_a_positive_best_round_in_nanoseconds_per_statement() throws Exception {
        long ns = StatementCpu.measure(300, 2, 300);
        assertTrue(ns > 0 && ns < 10_000_000, "ns per statement: " + ns);
    }
}
