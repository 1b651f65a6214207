package io.querylens.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.util.Arrays;

/**
 * QueryLens's own work per statement, measured inside one JVM: the {@code inplace} part of
 * {@code benchmarks/run.sh}. Run with the agent attached, it times the {@link StatementCpu} workload by the
 * thread's CPU time in alternating phases, the agent switched on and off: off, the woven hooks still run
 * but return at once, as they do before the agent has started. So a phase pair shares its JVM's compiled
 * code, heap layout and the host's load of that moment, which separate JVMs do not. The difference is what
 * the agent's JDBC layer, clock reads, unit-of-work tracking, detectors and statistics cost per statement;
 * the JVM's cost of any agent and the woven calls themselves are not in it (the {@code statements} and
 * {@code cpu} parts, against no agent, include them).
 *
 * <p>The switch is the agent's internal JDBC sink ({@code io.querylens.bootstrap.Hooks.jdbc}), set through
 * reflection: a benchmark's tool, not an interface of the agent.
 *
 * <p>{@code InPlaceCpu [pairs] [statements per phase]} prints {@code inplace_on_ns=N inplace_off_ns=N
 * inplace_added_ns=N}: the medians of the phases and of the pairs' differences.
 */
public final class InPlaceCpu {
    private InPlaceCpu() {}

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int statements = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        long[] r = measure(pairs, statements);
        System.out.println("inplace_on_ns=" + r[0] + " inplace_off_ns=" + r[1] + " inplace_added_ns=" + r[2]);
    }

    /** {on, off, added}: medians over {@code pairs} phase pairs of {@code statements} each. */
    static long[] measure(int pairs, int statements) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
        }
        Field switchField = sinkField("jdbc");
        Object sink = awaitSink(switchField);
        long[] ids = StatementCpu.ids();
        try (Connection connection = ItemTable.open()) {
            ItemTable.create(connection, ItemTable.ROWS);
            connection.setAutoCommit(false);
            // both paths compiled before anything is timed: 900,000 statements at the full run's 30,000 per
            // phase, a smoke run's few thousand in proportion
            for (int w = 0; w < 10; w++) {
                switchField.set(null, w % 2 == 0 ? sink : null);
                StatementCpu.run(connection, ids, 2 * statements);
            }
            switchField.set(null, sink);
            StatementCpu.run(connection, ids, 10 * statements);
            long[] on = new long[pairs];
            long[] off = new long[pairs];
            long[] added = new long[pairs];
            for (int p = 0; p < pairs; p++) {
                for (int half = 0; half < 2; half++) {
                    boolean agentOn = (p + half) % 2 == 0; // alternate which phase comes first
                    switchField.set(null, agentOn ? sink : null);
                    StatementCpu.run(connection, ids, 3_000); // statements begun in the other phase end here
                    long start = threads.getCurrentThreadCpuTime();
                    StatementCpu.run(connection, ids, statements);
                    long ns = (threads.getCurrentThreadCpuTime() - start) / statements;
                    if (agentOn) {
                        on[p] = ns;
                    } else {
                        off[p] = ns;
                    }
                }
                added[p] = on[p] - off[p];
            }
            return new long[] {median(on), median(off), median(added)};
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
}
