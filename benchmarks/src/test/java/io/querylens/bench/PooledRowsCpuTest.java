package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** The pooled workload reads what the rows part reads, through the pool's proxies, and measures something. */
class PooledRowsCpuTest {
    @Test
    void it_reads_the_rows_parts_table_through_the_pools_proxy() throws Exception {
        try (HikariDataSource pool = PooledRowsCpu.pool(); Connection direct = ItemTable.open()) {
            ItemTable.create(direct, ResultRowsBenchmark.ROWS);
            try (Connection pooled = pool.getConnection()) {
                assertNotEquals(pooled.getClass(), pooled.unwrap(Connection.class).getClass(), "a proxy");
            }
            long once = ResultRowsBenchmark.read(direct);
            assertEquals(3 * once, PooledRowsCpu.run(pool, 3));
        }
    }

    @Test
    void it_reports_a_positive_best_round_in_nanoseconds_per_row() throws Exception {
        double ns = PooledRowsCpu.measure(5, 2, 3);
        assertTrue(ns > 0 && ns < 100_000, "ns per row: " + ns);
    }
}
