package io.querylens.it.apps;

import io.querylens.api.QueryLens;
import io.querylens.api.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One JDBC program per trap family, each doing exactly one wasteful thing a known number of times, run under
 * the agent by {@code TrapDetectionIT}. {@code TrapApp <url> <user> direct|hikari <setup> <family,...>}:
 * {@code setup} is {@code full} (the tables of {@link TrapSetup}) or {@code sleep} (only what the slow family
 * needs). Each family runs {@value #RUNS} times, each time on a new thread named {@code ql-<family>}, so each
 * run is a unit of work of its own (the implicit unit {@code thread ql-<family>}, unless the family opens
 * another) and every finding is found in exactly {@value #RUNS} units.
 *
 * <p>The statement that raises a finding is marked {@code @site:<key>} on its line; the test reads this file
 * to know the line, so edits here do not break it. The SQL of the constants is in the agent's normalized form
 * (keywords upper case, identifiers lower case, single spaces, {@code ?} for every value); the duplicate and
 * count-in-app families send literals instead, which the report must replace.
 */
public final class TrapApp {
    public static final int RUNS = 2;

    public static final String N_PLUS_ONE_SQL = "SELECT id, name FROM qle_customer WHERE id = ?";
    public static final int N_PLUS_ONE_ORDERS = 20;
    public static final String DUPLICATE_SQL = "SELECT svalue FROM qle_setting WHERE skey = ?";
    public static final int DUPLICATE_LOOKUPS = 6;
    public static final String UNBATCHED_SQL = "INSERT INTO qle_audit(action, detail) VALUES (?, ?)";
    public static final int UNBATCHED_ROWS = 30;
    public static final String SELECT_STAR_SQL = "SELECT * FROM qle_product WHERE price > ?";
    public static final int SELECT_STAR_RUNS = 3;
    public static final String OVER_FETCH_ROWS_SQL = "SELECT id, name FROM qle_product WHERE price >= ? ORDER BY id";
    public static final int OVER_FETCH_ROWS_RUNS = 2;
    /** Run as plain statements with the literal in the text, which the report must not show. */
    public static final String COUNT_IN_APP_SQL = "SELECT id FROM qle_product WHERE price > ?";
    public static final int COUNT_IN_APP_RUNS = 2;
    public static final String LARGE_RESULT_SQL = "SELECT id, kind, payload FROM qle_event";
    public static final String BASKET_SQL = "SELECT id, price FROM qle_product WHERE id = ?";
    public static final String BASKET_UNIT = "price-basket";
    public static final int BASKET_LOOKUPS = 120;
    public static final String RESTOCK_SQL = "UPDATE qle_product SET stock = stock + ? WHERE id = ?";
    public static final int RESTOCK_BATCHES = 101;
    public static final String WIDE_JOIN_SQL = "SELECT a.id FROM qle_product a JOIN qle_product b ON b.id = a.id"
            + " JOIN qle_product c ON c.id = b.id JOIN qle_product d ON d.id = c.id JOIN qle_product e ON e.id = d.id"
            + " WHERE a.id = ?";
    public static final int[] SLEEP_MILLIS = {100, 120};

    private static String db;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        boolean pooled = args[2].equals("hikari");
        String setup = args[3];
        String[] families = args[4].split(",");
        db = url.startsWith("jdbc:h2:") ? "h2" : url.startsWith("jdbc:postgresql:") ? "postgresql" : "mariadb";
        try (TrapConnections connections = new TrapConnections(url, user, pooled)) {
            run(connections, setup, families);
        }
        System.out.println("traps done");
    }

    interface Family {
        void run(Connection c) throws Exception;
    }

    static void run(TrapConnections connections, String setup, String[] families) throws Exception {
        try (Connection c = connections.get()) {
            if (setup.equals("full")) {
                TrapSetup.create(c, db);
            }
            TrapSetup.sleepFunction(c, db);
        }
        for (String name : families) {
            Family f = family(name);
            for (int run = 0; run < RUNS; run++) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread t = new Thread(() -> {
                    try (Connection c = connections.get()) {
                        f.run(c);
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }, "ql-" + name);
                t.start();
                t.join();
                if (failure.get() != null) {
                    throw new IllegalStateException("family " + name + " failed", failure.get());
                }
            }
        }
    }

    static Family family(String name) {
        switch (name) {
            case "n-plus-one": return TrapApp::nPlusOne;
            case "duplicate": return TrapApp::duplicate;
            case "unbatched": return TrapApp::unbatched;
            case "select-star": return TrapApp::selectStar;
            case "over-fetch-rows": return TrapApp::overFetchRows;
            case "count-in-app": return TrapApp::countInApp;
            case "large-result": return TrapApp::largeResult;
            case "slow": return TrapApp::slow;
            case "explosion-unit": return TrapApp::explosionInUnit;
            case "explosion-tx": return TrapApp::explosionInTransaction;
            case "wide-join": return TrapApp::wideJoin;
            case "clean": return TrapApp::clean;
            default: throw new IllegalArgumentException(name);
        }
    }

    /** The orders, then each order's customer by id: 1 + 20 queries. */
    static void nPlusOne(Connection c) throws SQLException {
        List<Integer> customers = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, customer_id from qle_order order by id")) {
            while (rs.next()) {
                rs.getInt(1);
                customers.add(rs.getInt(2));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(N_PLUS_ONE_SQL)) {
            for (int customer : customers) {
                ps.setInt(1, customer);
                try (ResultSet rs = ps.executeQuery()) { // @site:N_PLUS_ONE
                    while (rs.next()) {
                        rs.getInt(1);
                        rs.getString(2);
                    }
                }
            }
        }
    }

    /** The same setting looked up 6 times with the same key, as a plain statement with a literal. */
    static void duplicate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < DUPLICATE_LOOKUPS; i++) {
                try (ResultSet rs = s.executeQuery("SELECT svalue FROM qle_setting WHERE skey = 'currency'")) { // @site:DUPLICATE_QUERY
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
            }
        }
    }

    /** 30 audit rows, one executeUpdate each. */
    static void unbatched(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UNBATCHED_SQL)) {
            for (int i = 0; i < UNBATCHED_ROWS; i++) {
                ps.setString(1, "check");
                ps.setString(2, "row " + i);
                ps.executeUpdate(); // @site:UNBATCHED_WRITES
            }
        }
    }

    /** All 8 columns of the products, to read only their names: 3 times, with different prices. */
    static void selectStar(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_STAR_SQL)) {
            for (int i = 0; i < SELECT_STAR_RUNS; i++) {
                ps.setInt(1, 150 + i);
                try (ResultSet rs = ps.executeQuery()) { // @site:OVER_FETCH_COLUMNS
                    while (rs.next()) {
                        rs.getString("name");
                    }
                } // @closes:OVER_FETCH_COLUMNS
            }
        }
    }

    /** All products from a price up, without a limit, to show the first 10: twice, with different prices. */
    static void overFetchRows(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OVER_FETCH_ROWS_SQL)) {
            for (int i = 0; i < OVER_FETCH_ROWS_RUNS; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) { // @site:OVER_FETCH_ROWS
                    for (int shown = 0; shown < 10 && rs.next(); shown++) {
                        rs.getInt(1);
                        rs.getString(2);
                    }
                } // @closes:OVER_FETCH_ROWS
            }
        }
    }

    /** Product ids fetched only to be counted, as plain statements with two different literals. */
    static void countInApp(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < COUNT_IN_APP_RUNS; i++) {
                long count = 0;
                try (ResultSet rs = s.executeQuery("SELECT id FROM qle_product WHERE price > " + (10 + i))) { // @site:COUNT_IN_APP
                    while (rs.next()) {
                        count++;
                    }
                } // @closes:COUNT_IN_APP
                if (count != TrapSetup.PRODUCTS - 10 - i) {
                    throw new IllegalStateException("counted " + count);
                }
            }
        }
    }

    /** All 12,000 events read, every column, with the driver's default fetch size. */
    static void largeResult(Connection c) throws SQLException {
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(LARGE_RESULT_SQL);
             ResultSet rs = ps.executeQuery()) { // @site:LARGE_RESULT
            while (rs.next()) {
                rs.getInt(1);
                rs.getString(2);
                rs.getString(3);
                rows++;
            }
        } // @closes:LARGE_RESULT
        if (rows != TrapSetup.EVENTS) {
            throw new IllegalStateException("read " + rows);
        }
    }

    /** Two statements that sleep 100 and 120 ms in the database. */
    static void slow(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sleepSql())) {
            for (int millis : SLEEP_MILLIS) {
                if (db.equals("h2")) {
                    ps.setInt(1, millis);
                } else {
                    ps.setDouble(1, millis / 1000.0);
                }
                try (ResultSet rs = ps.executeQuery()) { // @site:SLOW_QUERY
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
            }
        }
    }

    public static String sleepSql() {
        return db.equals("h2") ? "SELECT qle_sleep(?)" : db.equals("postgresql") ? "SELECT pg_sleep(?)" : "SELECT sleep(?)";
    }

    /** The H2 function behind {@code qle_sleep}. */
    public static int sleep(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }

    /** 120 primary-key lookups inside one explicit unit of work: an explosion, and an N+1. */
    static void explosionInUnit(Connection c) throws SQLException {
        try (UnitOfWork unit = QueryLens.unitOfWork(BASKET_UNIT);
             PreparedStatement ps = c.prepareStatement(BASKET_SQL)) {
            for (int id = 1; id <= BASKET_LOOKUPS; id++) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) { // @site:EXPLOSION_UNIT
                    while (rs.next()) {
                        rs.getInt(1);
                        rs.getInt(2);
                    }
                }
            }
        }
    }

    /** 101 batches of two updates in one JDBC transaction: an explosion of batched, distinct writes. */
    static void explosionInTransaction(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(RESTOCK_SQL)) {
            for (int i = 1; i <= RESTOCK_BATCHES; i++) {
                for (int j = 0; j < 2; j++) {
                    ps.setInt(1, 1);
                    ps.setInt(2, (i * 2 + j) % TrapSetup.PRODUCTS + 1);
                    ps.addBatch();
                }
                ps.executeBatch(); // @site:EXPLOSION_TX
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** One statement joining five tables: the example extension's TOO_MANY_JOINS. */
    static void wideJoin(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WIDE_JOIN_SQL)) {
            ps.setInt(1, 7);
            try (ResultSet rs = ps.executeQuery()) { // @site:WIDE_JOIN
                while (rs.next()) {
                    rs.getInt(1);
                }
            }
        }
    }

    /**
     * Everything done right: a join, a batch, a limited read of the columns used, an existence check, a
     * deliberate stream of 12,000 rows with a fetch size, and one lookup three times (below the N+1 bound).
     */
    static void clean(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select o.id, c.name from qle_order o join qle_customer c on c.id = o.customer_id order by o.id")) {
            while (rs.next()) {
                rs.getInt(1);
                rs.getString(2);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into qle_audit (action, detail) values (?, ?)")) {
            for (int i = 0; i < 10; i++) {
                ps.setString(1, "import");
                ps.setString(2, "line " + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, name from qle_product order by id limit 10")) {
            while (rs.next()) {
                rs.getInt(1);
                rs.getString(2);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select 1 from qle_customer where id = ? limit 1")) {
            ps.setInt(1, 3);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("customer 3 is missing");
                }
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from qle_product")) {
            rs.next();
            rs.getLong(1);
        }
        stream(c);
        try (PreparedStatement ps = c.prepareStatement("select name from qle_customer where id = ?")) {
            for (int id = 1; id <= 3; id++) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
            }
        }
    }

    /** PostgreSQL streams only inside a transaction; the others stream with a fetch size alone. */
    private static void stream(Connection c) throws SQLException {
        boolean tx = db.equals("postgresql");
        if (tx) {
            c.setAutoCommit(false);
        }
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement("select id, kind, payload from qle_event order by id")) {
            ps.setFetchSize(db.equals("mariadb") ? 1000 : 500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getInt(1);
                    rs.getString(2);
                    rs.getString(3);
                    rows++;
                }
            }
        }
        if (tx) {
            c.commit();
            c.setAutoCommit(true);
        }
        if (rows != TrapSetup.EVENTS) {
            throw new IllegalStateException("streamed " + rows);
        }
    }
}
