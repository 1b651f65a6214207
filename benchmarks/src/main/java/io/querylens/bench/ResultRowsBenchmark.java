package io.querylens.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * The cost of one row of a large result: a query over {@value #ROWS} rows of in-memory H2, every row read
 * with {@code next()} and its three columns by index, as a report or an export streams its rows. The score
 * is per row ({@link OperationsPerInvocation}); with an agent it includes the agent's work on each
 * {@code next()} and getter, past the rows whose columns it samples.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ResultRowsBenchmark.ROWS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class ResultRowsBenchmark {
    static final int ROWS = 2_000;
    static final String ALL = "SELECT id, name, price FROM item ORDER BY id";

    private Connection connection;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        connection = ItemTable.open();
        ItemTable.create(connection, ROWS);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
    }

    /** Every row of the table; the checksum is consumed by JMH. */
    @Benchmark
    public long rows() throws SQLException {
        return read(connection);
    }

    /** Every row of the table, read as {@link #rows()} reads it (also {@link InPlaceCpu}'s per-row workload). */
    static long read(Connection connection) throws SQLException {
        long checksum = 0;
        try (PreparedStatement statement = connection.prepareStatement(ALL);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                checksum += rows.getLong(1);
                checksum += rows.getString(2).length();
                checksum += rows.getBigDecimal(3).scale();
            }
        }
        return checksum;
    }
}
