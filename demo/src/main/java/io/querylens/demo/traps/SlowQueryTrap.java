package io.querylens.demo.traps;

import io.querylens.demo.db.DbKind;
import io.querylens.demo.web.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A slow statement: one query that sleeps {@value #MILLIS} ms in the database ({@code DEMO_SLEEP} on H2,
 * {@code pg_sleep} on PostgreSQL, {@code SLEEP} on MariaDB), standing in for a missing index.
 */
public final class SlowQueryTrap implements Trap {
    public static final int MILLIS = 1200;

    private final DataSource dataSource;
    private final String sql;

    public SlowQueryTrap(DataSource dataSource, DbKind kind) {
        this.dataSource = dataSource;
        this.sql = kind.sleepSql(MILLIS);
    }

    @Override
    public String path() {
        return "/traps/slow";
    }

    @Override
    public Json run() throws SQLException {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) { // the trap: 1.2 s in the database
            while (rs.next()) {
                rs.getString(1);
            }
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        return Json.object().field("sql", sql).field("elapsedMillis", elapsedMillis).endObject();
    }
}
