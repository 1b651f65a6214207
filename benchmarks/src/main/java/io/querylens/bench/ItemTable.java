package io.querylens.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workload every benchmark shares: an in-memory H2 table {@code item(id, name, price)} and the
 * primary-key lookup an ORM or a pool issues, prepared per call and read fully.
 *
 * <p>Each {@link #open()} returns a connection to a database of its own, so that a unit test and a
 * benchmark in one JVM never see each other's rows.
 */
public final class ItemTable {
    /** Rows in the table the per-statement benchmark reads from. */
    public static final int ROWS = 10_000;

    /** The statement measured: a primary-key lookup reading every column. */
    public static final String LOOKUP = "SELECT id, name, price FROM item WHERE id = ?";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private ItemTable() {}

    /** Opens a connection to a fresh, empty in-memory database that lives until the connection closes. */
    public static Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:bench" + DATABASES.incrementAndGet());
    }

    /** Creates {@code item} with ids {@code 1..rows}; leaves the connection's auto-commit as it found it. */
    public static void create(Connection connection, int rows) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, price DECIMAL(10, 2) NOT NULL)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item (id, name, price) VALUES (?, ?, ?)")) {
            for (int id = 1; id <= rows; id++) {
                insert.setLong(1, id);
                insert.setString(2, "item " + id);
                insert.setBigDecimal(3, BigDecimal.valueOf(id % 10_000, 2));
                insert.addBatch();
                if (id % 1_000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(autoCommit);
    }

    /**
     * Runs {@link #LOOKUP} for {@code id} the way pools and ORMs do (prepare, bind, execute, read every
     * column of every row, close) and returns a checksum of what it read, so that nothing can be optimized
     * away. A missing row contributes 0.
     */
    public static long lookup(Connection connection, long id) throws SQLException {
        long checksum = 0;
        try (PreparedStatement statement = connection.prepareStatement(LOOKUP)) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    checksum += rows.getLong(1);
                    checksum += rows.getString(2).length();
                    checksum += rows.getBigDecimal(3).hashCode();
                }
            }
        }
        return checksum;
    }
}
