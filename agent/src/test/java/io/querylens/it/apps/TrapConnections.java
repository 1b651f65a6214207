package io.querylens.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where {@link TrapApp} gets its connections: from the driver, or from a HikariCP pool. A class of its own
 * so that the statements a driver or pool runs while connecting (MariaDB's {@code SELECT
 * @@session.tx_isolation} when HikariCP sets a connection up) have it as their call site, which a test with a
 * tiny slow-query threshold can allowlist.
 */
final class TrapConnections implements AutoCloseable {
    private final String url;
    private final Properties properties = new Properties();
    private final HikariDataSource pool;

    TrapConnections(String url, String user, boolean pooled) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", "");
        if (pooled) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword("");
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(1);
            pool = new HikariDataSource(config);
        } else {
            pool = null;
        }
    }

    Connection get() throws SQLException {
        return pool != null ? pool.getConnection() : DriverManager.getConnection(url, properties);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
