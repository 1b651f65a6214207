package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** The measured workload does what it claims, without JMH and without a fork. */
class JdbcStatementBenchmarkTest {

    @Test
    void a_lookup_reads_every_column_of_the_row_with_that_id() throws Exception {
        try (Connection connection = ItemTable.open()) {
            ItemTable.create(connection, 100);
            long expected = 42 + "item 42".length() + BigDecimal.valueOf(42, 2).hashCode();
            assertEquals(expected, ItemTable.lookup(connection, 42));
        }
    }

    @Test
    void a_lookup_of_a_missing_id_reads_nothing() throws Exception {
        try (Connection connection = ItemTable.open()) {
            ItemTable.create(connection, 100);
            assertEquals(0, ItemTable.lookup(connection, 101));
        }
    }

    @Test
    void one_benchmark_operation_is_a_committed_transaction_of_three_lookups() throws Exception {
        JdbcStatementBenchmark benchmark = new JdbcStatementBenchmark();
        benchmark.setUp();
        try (Connection check = ItemTable.open()) {
            ItemTable.create(check, ItemTable.ROWS);
            long expected = 0;
            for (int i = 0; i < JdbcStatementBenchmark.STATEMENTS_PER_TRANSACTION; i++) {
                expected += ItemTable.lookup(check, benchmark.idAt(i));
            }
            assertEquals(expected, benchmark.transaction());
        } finally {
            benchmark.tearDown();
        }
    }
}
