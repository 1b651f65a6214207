package io.querylens.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

/**
 * QueryLens's own work per statement, and per row of a large result, measured inside one JVM: the
 * {@code inplace} and {@code rowsinplace} parts of {@code benchmarks/run.sh}. Run with the agent attached, it
 * times a workload by the thread's CPU time in alternating phases, the agent switched on and off: off, the
 * woven hooks still run but return at once (a result set the agent did not link reads its state field and
 * stops), as they do before the agent has started. So a phase pair shares its JVM's compiled code, heap
 * layout and the host's load of that moment, which separate JVMs do not. The difference is what the agent's
 * JDBC layer, clock reads, unit-of-work tracking, detectors and statistics cost; the JVM's cost of any agent
 * and the woven calls themselves are not in it (the {@code statements}, {@code rows} and {@code cpu} parts,
 * against no agent, include them).
 *
 * <p>The workloads: the {@link StatementCpu} lookups (per statement), and the {@link ResultRowsBenchmark}
 * query, {@value ResultRowsBenchmark#ROWS} rows read with {@code next()} and three getters (per row, the
 * query's own hooks spread over its rows).
 *
 * <p>The switch is the agent's internal JDBC sink ({@code io.querylens.bootstrap.Hooks.jdbc}), set through
 * reflection: a benchmark's tool, not an interface of the agent.
 *
 * <p>{@code InPlaceCpu [pairs] [statements per phase]} prints {@code inplace_on_ns=N inplace_off_ns=N
 * inplace_added_ns=N}: the medians of the phases and of the pairs' differences, in whole nanoseconds per
 * statement. {@code InPlaceCpu [pairs] [queries per phase] rows} prints {@code inplace_rows_on_ns=N.NN
 * inplace_rows_off_ns=N.NN inplace_rows_added_ns=N.NN} per row.
 */
public final class InPlaceCpu {
    private InPlaceCpu() {}

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        if (args.length > 2 && args[2].equals("rows")) {
            double[] r = measureRows(pairs, args.length > 1 ? Integer.parseInt(args[1]) : 500);
            System.out.printf(Locale.ROOT, "inplace_rows_on_ns=%.2f inplace_rows_off_ns=%.2f inplace_rows_added_ns=%.2f%n",
                    r[0], r[1], r[2]);
            return;
        }
        long[] r = measure(pairs, args.length > 1 ? Integer.parseInt(args[1]) : 30_000);
        System.out.println("inplace_on_ns=" + r[0] + " inplace_off_ns=" + r[1] + " inplace_added_ns=" + r[2]);
    }

    /** Some of a workload: {@code n} of its operations, returning a checksum. */
    interface Workload {
        long run(int n) throws SQLException;
    }

    /** {on, off, added} in whole ns per statement: medians over {@code pairs} phase pairs of {@code statements} each. */
    static long[] measure(int pairs, int statements) throws Exception {
        Field switchField = sinkField("jdbc");
        Object sink = awaitSink(switchField);
        long[] ids = StatementCpu.ids();
        try (Connection connection = ItemTable.open()) {
            ItemTable.create(connection, ItemTable.ROWS);
            connection.setAutoCommit(false);
            // statements begun in the other phase end in the first 3,000 after a switch, untimed
            double[] r = alternate(switchField, sink, pairs, statements, 1, 3_000,
                    n -> StatementCpu.run(connection, ids, n));
            return new long[] {Math.round(r[0]), Math.round(r[1]), Math.round(r[2])};
        }
    }

    /** {on, off, added} in ns per row: medians over {@code pairs} phase pairs of {@code queries} queries each. */
    static double[] measureRows(int pairs, int queries) throws Exception {
        Field switchField = sinkField("jdbc");
        Object sink = awaitSink(switchField);
        try (Connection connection = ItemTable.open()) {
            ItemTable.create(connection, ResultRowsBenchmark.ROWS);
            return alternate(switchField, sink, pairs, queries, ResultRowsBenchmark.ROWS, 1, n -> {
                long checksum = 0;
                for (int i = 0; i < n; i++) {
                    checksum += ResultRowsBenchmark.read(connection);
                }
                return checksum;
            });
        }
    }

    /**
     * Times {@code work} in {@code pairs} pairs of phases of {@code n} operations, each of {@code unitsPer}
     * units (statements, rows), the agent on in one phase and off in the other, which comes first
     * alternating; after a switch, {@code settle} operations run untimed. Returns {on, off, added}: the
     * medians of the phases' and of the pairs' CPU nanoseconds per unit.
     */
    private static double[] alternate(Field switchField, Object sink, int pairs, int n, int unitsPer, int settle,
                                      Workload work) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
        }
        long checksum = 0;
        try {
            // both paths compiled before anything is timed: 30 phases' worth (900,000 statements at the full
            // run's 30,000 per phase, 15,000 queries at 500, enough for the per-query hooks to be compiled
            // too; a smoke run's few in proportion)
            for (int w = 0; w < 10; w++) {
                switchField.set(null, w % 2 == 0 ? sink : null);
                checksum += work.run(2 * n);
            }
            switchField.set(null, sink);
            checksum += work.run(10 * n);
            double[] on = new double[pairs];
            double[] off = new double[pairs];
            double[] added = new double[pairs];
            double units = (double) n * unitsPer;
            for (int p = 0; p < pairs; p++) {
                for (int half = 0; half < 2; half++) {
                    boolean agentOn = (p + half) % 2 == 0; // alternate which phase comes first
                    switchField.set(null, agentOn ? sink : null);
                    checksum += work.run(settle);
                    long start = threads.getCurrentThreadCpuTime();
                    checksum += work.run(n);
                    double ns = (threads.getCurrentThreadCpuTime() - start) / units;
                    if (agentOn) {
                        on[p] = ns;
                    } else {
                        off[p] = ns;
                    }
                }
                added[p] = on[p] - off[p];
            }
            if (checksum == 42) {
                System.out.print(""); // keeps the reads from being optimised away
            }
            return new double[] {median(on), median(off), median(added)};
        } finally {
            switchField.set(null, sink);
        }
    }

    /** The agent's internal sink field {@code name} of {@code io.querylens.bootstrap.Hooks}, made writable. */
    static Field sinkField(String name) {
        try {
            Field f = Class.forName("io.querylens.bootstrap.Hooks", true, null).getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("QueryLens is not attached (run with -javaagent:querylens-agent.jar)", e);
        }
    }

    /** The installed sink: the agent finishes starting in the background, so wait for it (10 s at most). */
    static Object awaitSink(Field f) throws Exception {
        for (int i = 0; i < 200; i++) {
            Object sink = f.get(null);
            if (sink != null) {
                return sink;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("QueryLens did not start within 10 s");
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
