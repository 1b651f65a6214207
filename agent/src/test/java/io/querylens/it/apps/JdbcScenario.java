package io.querylens.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A JDBC program with a known, exact statement profile, run under the agent by the integration tests.
 * {@code JdbcScenario <url> <user> direct|hikari}. Every count the tests assert is written down here:
 * <ul>
 *   <li>{@code insert into ql_it_item ...}: 1 execution (a batch of 20)</li>
 *   <li>{@code select id, name, price from ql_it_item where id = ?}: 12 executions, 12 rows (prepared per call)</li>
 *   <li>{@code select count(*) from ql_it_item where price > <literal>}: 5 executions, 5 rows (plain statements,
 *       two different literals, one fingerprint)</li>
 *   <li>{@code update ql_it_item set price = price + 1 where id = ?}: 4 executions, in one transaction</li>
 *   <li>{@code select * from ql_it_missing}: 1 execution, 1 error</li>
 *   <li>{@code select id from ql_it_item order by id}: 1 execution, 5 rows read of 20</li>
 *   <li>{@code select name from ql_it_item where id in (...)}: 2 executions (IN lists of 3 and 2), 5 rows,
 *       through {@code execute} + {@code getResultSet}</li>
 * </ul>
 */
public final class JdbcScenario {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        boolean pooled = args.length > 2 && args[2].equals("hikari");
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", "");
        if (pooled) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword("");
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(1);
            try (HikariDataSource ds = new HikariDataSource(config)) {
                run(() -> ds.getConnection());
            }
        } else {
            run(() -> DriverManager.getConnection(url, p));
        }
        System.out.println("scenario done");
    }

    interface Connections {
        Connection get() throws SQLException;
    }

    static void run(Connections connections) throws SQLException {
        try (Connection c = connections.get(); Statement s = c.createStatement()) {
            s.execute("drop table if exists ql_it_item");
            s.execute("create table ql_it_item (id int primary key, name varchar(40), price int, note varchar(100))");
        }
        try (Connection c = connections.get();
             PreparedStatement ps = c.prepareStatement("insert into ql_it_item (id, name, price, note) values (?, ?, ?, ?)")) {
            for (int i = 1; i <= 20; i++) {
                ps.setInt(1, i);
                ps.setString(2, "item " + i);
                ps.setInt(3, i * 10);
                ps.setString(4, null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        for (int i = 1; i <= 12; i++) {
            try (Connection c = connections.get();
                 PreparedStatement ps = c.prepareStatement("select id, name, price from ql_it_item where id = ?")) {
                ps.setLong(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getInt(1);
                        rs.getString(2);
                        rs.getInt(3);
                    }
                }
            }
        }
        try (Connection c = connections.get(); Statement s = c.createStatement()) {
            for (int i = 0; i < 5; i++) {
                try (ResultSet rs = s.executeQuery("select count(*) from ql_it_item where price > " + (i < 3 ? 10 : 99))) {
                    rs.next();
                    rs.getLong(1);
                }
            }
        }
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("update ql_it_item set price = price + 1 where id = ?")) {
                for (int i = 1; i <= 4; i++) {
                    ps.setInt(1, i);
                    ps.executeUpdate();
                }
            }
            c.commit();
            c.setAutoCommit(true);
        }
        try (Connection c = connections.get(); Statement s = c.createStatement()) {
            try {
                s.executeQuery("select * from ql_it_missing");
                throw new IllegalStateException("the missing table exists");
            } catch (SQLException expected) {
                // counted as an error
            }
        }
        try (Connection c = connections.get(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from ql_it_item order by id")) {
            for (int i = 0; i < 5 && rs.next(); i++) {
                rs.getInt("id");
            }
        }
        try (Connection c = connections.get(); Statement s = c.createStatement()) {
            for (String ids : new String[] {"1, 2, 3", "4,5"}) {
                if (s.execute("select name from ql_it_item where id in (" + ids + ")")) {
                    try (ResultSet rs = s.getResultSet()) {
                        while (rs.next()) {
                            rs.getString(1);
                        }
                    }
                }
            }
        }
    }
}
