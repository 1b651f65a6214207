package io.querylens.demo.traps;

import io.querylens.demo.web.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import javax.sql.DataSource;

/**
 * Unbatched writes: 30 audit rows inserted one {@code executeUpdate} at a time on one connection, in
 * one transaction (autocommit off, one commit), where {@code addBatch}/{@code executeBatch} would send
 * them in one round trip.
 */
public final class UnbatchedWritesTrap implements Trap {
    public static final int ROWS = 30;
    public static final String SQL = "INSERT INTO demo_audit (action, detail, created_at) VALUES (?, ?, ?)";

    private final DataSource dataSource;

    public UnbatchedWritesTrap(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String path() {
        return "/traps/unbatched";
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public Json run() throws SQLException {
        int inserted = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                Timestamp now = Timestamp.valueOf(LocalDateTime.now());
                for (int i = 1; i <= ROWS; i++) {
                    ps.setString(1, "price-check");
                    ps.setString(2, "product " + i);
                    ps.setTimestamp(3, now);
                    inserted += ps.executeUpdate(); // the trap: one round trip per row
                }
            }
            c.commit();
        }
        return Json.object().field("inserted", inserted).endObject();
    }
}
