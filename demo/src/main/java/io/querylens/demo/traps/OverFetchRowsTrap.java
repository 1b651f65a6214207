package io.querylens.demo.traps;

import io.querylens.demo.web.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Row over-fetch: selects all 200 products without a limit to show the first 10. {@code next()} is
 * called exactly 10 times (each returns true) and the result set is closed with 190 rows unread.
 */
public final class OverFetchRowsTrap implements Trap {
    public static final String SQL = "SELECT id, name FROM demo_product ORDER BY id";
    public static final int SHOWN = 10;

    private final DataSource dataSource;

    public OverFetchRowsTrap(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String path() {
        return "/traps/over-fetch-rows";
    }

    @Override
    public Json run() throws SQLException {
        Json json = Json.object().beginArray("products");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SQL);
             ResultSet rs = ps.executeQuery()) {
            // the trap: the limit is applied here, after the database has sent every row
            for (int shown = 0; shown < SHOWN && rs.next(); shown++) {
                json.beginObject().field("id", rs.getLong(1)).field("name", rs.getString(2)).endObject();
            }
        }
        return json.endArray().endObject();
    }
}
