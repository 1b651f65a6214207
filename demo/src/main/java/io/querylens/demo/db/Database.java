package io.querylens.demo.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.querylens.demo.model.AuditEntry;
import io.querylens.demo.model.Customer;
import io.querylens.demo.model.CustomerOrder;
import io.querylens.demo.model.Event;
import io.querylens.demo.model.ImportedLine;
import io.querylens.demo.model.OrderLine;
import io.querylens.demo.model.Product;
import io.querylens.demo.model.Setting;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/**
 * The shop's database: a HikariCP pool, a Hibernate session factory on top of it that creates the
 * {@code demo_} tables, and the deterministic seed data. Everything the shop runs, Hibernate or plain
 * JDBC, goes through the one pool.
 */
public final class Database implements AutoCloseable {
    /** Hibernate groups up to this many inserts of one table into one JDBC batch. */
    public static final int BATCH_SIZE = 50;

    private final DbKind kind;
    private final String url;
    private final HikariDataSource pool;
    private final SessionFactory sessionFactory;

    private Database(DbKind kind, String url, HikariDataSource pool, SessionFactory sessionFactory) {
        this.kind = kind;
        this.url = url;
        this.pool = pool;
        this.sessionFactory = sessionFactory;
    }

    /**
     * Connects, (re-)creates the {@code demo_} tables and seeds them. On failure nothing stays open.
     *
     * @throws IllegalStateException if the database cannot be reached or prepared
     */
    public static Database open(DbKind kind, String url, String user, String password) {
        HikariDataSource pool = pool(url, user, password);
        SessionFactory sessionFactory = null;
        try {
            sessionFactory = sessionFactory(kind, pool);
            if (kind == DbKind.H2) {
                registerH2Functions(pool);
            }
            SeedData.insert(pool);
            return new Database(kind, url, pool, sessionFactory);
        } catch (RuntimeException | SQLException e) {
            if (sessionFactory != null) {
                sessionFactory.close();
            }
            pool.close();
            throw new IllegalStateException("cannot prepare the " + kind.flagName() + " database at " + url + ": " + e, e);
        }
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("demo-pool");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        // A fixed-size pool: enough for the load driver's threads plus a slow request or two. Fixed
        // also keeps an H2 in-memory database alive, since H2 drops it when its last connection closes.
        config.setMaximumPoolSize(12);
        config.setMinimumIdle(12);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(5_000);
        return new HikariDataSource(config);
    }

    private static SessionFactory sessionFactory(DbKind kind, DataSource dataSource) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, kind.schemaAction())
                .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, BATCH_SIZE)
                .applySetting(AvailableSettings.ORDER_INSERTS, true)
                .applySetting(AvailableSettings.SHOW_SQL, false)
                .build();
        try {
            return new MetadataSources(registry)
                    .addAnnotatedClass(Customer.class)
                    .addAnnotatedClass(Product.class)
                    .addAnnotatedClass(CustomerOrder.class)
                    .addAnnotatedClass(OrderLine.class)
                    .addAnnotatedClass(Setting.class)
                    .addAnnotatedClass(Event.class)
                    .addAnnotatedClass(AuditEntry.class)
                    .addAnnotatedClass(ImportedLine.class)
                    .buildMetadata()
                    .buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    private static void registerH2Functions(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ALIAS IF NOT EXISTS DEMO_SLEEP FOR '" + H2Functions.class.getName() + ".sleep'");
        }
    }

    public DbKind kind() {
        return kind;
    }

    /** The JDBC URL the pool connects to (for H2, another connection to it sees the same tables). */
    public String url() {
        return url;
    }

    /** The pool; plain JDBC code takes its connections here. */
    public DataSource dataSource() {
        return pool;
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    /** Closes Hibernate (on H2 this drops the tables) and then the pool. */
    @Override
    public void close() {
        try {
            sessionFactory.close();
        } finally {
            pool.close();
        }
    }
}
