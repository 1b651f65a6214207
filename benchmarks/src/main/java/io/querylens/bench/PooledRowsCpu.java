package io.querylens.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rows part's query read through a connection pool: the {@code rowspooled} part of {@code benchmarks/run.sh}.
 * Applications read large results through a pool, whose proxy result set wraps the driver's, so every row
 * runs {@code next()} and each getter twice, the proxy's and the driver's, both woven. The workload: a
 * HikariCP pool of one connection to in-memory H2, and per query a connection from it and the
 * {@link ResultRowsBenchmark} query ({@value ResultRowsBenchmark#ROWS} rows, {@code next()} and three
 * getters each), timed by the thread's CPU time.
 *
 * <p>{@code PooledRowsCpu [warm-up queries] [rounds] [queries per round]} prints {@code cpu_ns_per_row=N.NN}:
 * the best round, after the warm-up (best, because interference only ever adds time).
 */
public final class PooledRowsCpu {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private PooledRowsCpu() {}

    public static void main(String[] args) throws Exception {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        System.out.printf(Locale.ROOT, "cpu_ns_per_row=%.2f%n", measure(warmUp, rounds, queries));
    }

    /** A pool of one connection to a database of its own, holding the rows part's table. */
    static HikariDataSource pool() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:pooled" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(1);
        config.setPoolName("rowspooled");
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection()) {
            ItemTable.create(connection, ResultRowsBenchmark.ROWS);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /** {@code queries} reads of the whole table, each on a connection taken from {@code pool}; their checksum. */
    static long run(HikariDataSource pool, int queries) throws SQLException {
        long checksum = 0;
        for (int i = 0; i < queries; i++) {
            try (Connection connection = pool.getConnection()) {
                checksum += ResultRowsBenchmark.read(connection);
            }
        }
        return checksum;
    }

    /** The best round's CPU nanoseconds per row, or -1 when the JVM cannot measure thread CPU time. */
    static double measure(int warmUp, int rounds, int queries) throws SQLException {
        try (HikariDataSource pool = pool()) {
            int n = Math.max(1, queries);
            return StatementCpu.best(warmUp, rounds, n, (double) n * ResultRowsBenchmark.ROWS, k -> run(pool, k));
        }
    }
}
