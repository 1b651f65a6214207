package io.querylens.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What H2 itself counts: the statements a shop on H2 executed, by SQL text, read from
 * {@code INFORMATION_SCHEMA.QUERY_STATISTICS} over a second connection to the same in-memory database.
 * A JDBC batch counts once per row.
 */
final class H2Statements implements AutoCloseable {
    private final Connection connection;

    H2Statements(String url) throws SQLException {
        connection = DriverManager.getConnection(url, "sa", "");
    }

    /** Forgets what was counted so far and starts counting again. */
    void reset() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET QUERY_STATISTICS FALSE");
            s.execute("SET QUERY_STATISTICS TRUE");
        }
    }

    /** SQL text to execution count since the last {@link #reset()}: only what the application sent. */
    Map<String, Integer> counted() throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
            while (rs.next()) {
                String sql = rs.getString(1);
                // COMMIT is what H2 runs for Connection.commit()/setAutoCommit(true), and INFORMATION_SCHEMA
                // lookups are the driver's own (e.g. the query timeout, once per connection): neither is a
                // statement the application sent through the JDBC API.
                if (!sql.contains("INFORMATION_SCHEMA") && !"COMMIT".equals(sql)) {
                    counts.put(sql, rs.getInt(2));
                }
            }
        }
        return counts;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
