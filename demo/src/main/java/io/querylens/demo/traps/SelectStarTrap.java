package io.querylens.demo.traps;

import io.querylens.demo.web.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Column over-fetch: {@code SELECT *} of 50 products (14 columns, one a 600-character description) to
 * show only their names: 1 of 14 columns read, on every row.
 */
public final class SelectStarTrap implements Trap {
    public static final String SQL = "SELECT * FROM demo_product ORDER BY id LIMIT 50";

    private final DataSource dataSource;

    public SelectStarTrap(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String path() {
        return "/traps/select-star";
    }

    @Override
    public Json run() throws SQLException {
        Json json = Json.object().beginArray("names");
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(SQL)) {
            while (rs.next()) {
                json.value(rs.getString("name")); // the trap: the only column used
            }
        }
        return json.endArray().endObject();
    }
}
