package io.querylens.demo.traps;

import io.querylens.demo.web.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Counting in the application: fetches the id of all 100 orders and counts the rows with
 * {@code next()}, never reading a column, where {@code SELECT COUNT(*)} would return one number.
 */
public final class CountInAppTrap implements Trap {
    public static final String SQL = "SELECT id FROM demo_order";

    private final DataSource dataSource;

    public CountInAppTrap(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String path() {
        return "/traps/count-in-app";
    }

    @Override
    public Json run() throws SQLException {
        long count = 0;
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(SQL)) {
            while (rs.next()) {
                count++; // the trap: rows shipped only to be counted
            }
        }
        return Json.object().field("orders", count).endObject();
    }
}
