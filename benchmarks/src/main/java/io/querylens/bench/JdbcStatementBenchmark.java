package io.querylens.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one JDBC statement: a transaction of three primary-key lookups against in-memory H2, each
 * prepared per call and read fully, on one connection (no pool, so only the statement path is measured).
 *
 * <p>The score is per statement ({@link OperationsPerInvocation} 3), and so is {@code gc.alloc.rate.norm}
 * under {@code -prof gc}. {@code benchmarks/run.sh} runs it in forks with and without each agent
 * ({@code -jvmArgsAppend -javaagent:...}), alternating the configurations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(JdbcStatementBenchmark.STATEMENTS_PER_TRANSACTION)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class JdbcStatementBenchmark {
    static final int STATEMENTS_PER_TRANSACTION = 3;

    /** Power of two, so the next id is a mask away; large enough that ids do not repeat within a transaction. */
    private static final int ID_COUNT = 4096;

    private Connection connection;
    private final long[] ids = new long[ID_COUNT];
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        connection = ItemTable.open();
        ItemTable.create(connection, ItemTable.ROWS);
        connection.setAutoCommit(false);
        Random random = new Random(42);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + random.nextInt(ItemTable.ROWS);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
    }

    /** The id the {@code i}-th lookup after set-up reads; for tests. */
    long idAt(int i) {
        return ids[i & (ID_COUNT - 1)];
    }

    /** One transaction of three lookups; the returned checksum is consumed by JMH. */
    @Benchmark
    public long transaction() throws SQLException {
        long checksum = 0;
        for (int i = 0; i < STATEMENTS_PER_TRANSACTION; i++) {
            checksum += ItemTable.lookup(connection, ids[next++ & (ID_COUNT - 1)]);
        }
        connection.commit();
        return checksum;
    }
}
