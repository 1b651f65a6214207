package io.querylens.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Random;

/**
 * The per-statement workload of {@link JdbcStatementBenchmark} (three primary-key lookups and a commit per
 * transaction), timed by the thread's CPU time instead of the wall clock: the {@code cpu} part of
 * {@code benchmarks/run.sh}. On a shared virtual machine the host steals CPU time from the guest, which
 * inflates wall-clock figures unevenly between JVMs; the thread's CPU time does not count stolen time.
 *
 * <p>{@code StatementCpu [warm-up statements] [rounds] [statements per round]} prints
 * {@code cpu_ns_per_statement=N}: the best round, after the warm-up (best, because interference only ever
 * adds time).
 */
public final class StatementCpu {
    private StatementCpu() {}

    public static void main(String[] args) throws Exception {
        int warmUp = intArg(args, 0, 600_000);
        int rounds = intArg(args, 1, 8);
        int statements = intArg(args, 2, 60_000);
        System.out.println("cpu_ns_per_statement=" + measure(warmUp, rounds, statements));
    }

    private static int intArg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    /** The best round's CPU nanoseconds per statement, or -1 when the JVM cannot measure thread CPU time. */
    static long measure(int warmUp, int rounds, int statements) throws SQLException {
        try (Connection connection = ItemTable.open()) {
            ItemTable.create(connection, ItemTable.ROWS);
            connection.setAutoCommit(false);
            long[] ids = ids();
            int n = Math.max(JdbcStatementBenchmark.STATEMENTS_PER_TRANSACTION, statements);
            return (long) best(warmUp, rounds, n, n, k -> run(connection, ids, k));
        }
    }

    /**
     * Runs {@code warmUp} operations of {@code work}, then {@code rounds} rounds of {@code n}, each timed by the
     * thread's CPU time; returns the best round's nanoseconds per unit ({@code units} per round: statements,
     * rows), or -1 when the JVM cannot measure thread CPU time. Best, because interference only adds time.
     */
    static double best(int warmUp, int rounds, int n, double units, InPlaceCpu.Workload work) throws SQLException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return -1;
        }
        long checksum = work.run(warmUp);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long start = threads.getCurrentThreadCpuTime();
            checksum += work.run(n);
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / units);
        }
        if (checksum == 42) {
            System.out.print(""); // keeps the reads from being optimised away
        }
        return best;
    }

    /** The ids the lookups read, in order (repeating after 4,096), as in {@link JdbcStatementBenchmark}. */
    static long[] ids() {
        Random random = new Random(42);
        long[] ids = new long[4096];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + random.nextInt(ItemTable.ROWS);
        }
        return ids;
    }

    /** {@code statements} lookups, committed three at a time; returns their checksum. */
    static long run(Connection connection, long[] ids, int statements) throws SQLException {
        long checksum = 0;
        for (int i = 0; i < statements; i++) {
            checksum += ItemTable.lookup(connection, ids[i & (ids.length - 1)]);
            if (i % JdbcStatementBenchmark.STATEMENTS_PER_TRANSACTION == JdbcStatementBenchmark.STATEMENTS_PER_TRANSACTION - 1) {
                connection.commit();
            }
        }
        connection.commit();
        return checksum;
    }
}
