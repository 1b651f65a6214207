package io.querylens.it.apps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables {@link TrapApp} works on, created and filled in batches so that the set-up itself raises no
 * finding: 20 customers, 20 orders (order i belongs to customer i), 200 products of 8 columns, 12,000 events,
 * one setting, an empty audit table. Table names carry no digit, so a digit in a reported statement is a
 * literal that leaked.
 */
final class TrapSetup {
    static final int CUSTOMERS = 20;
    static final int PRODUCTS = 200;
    static final int EVENTS = 12_000;

    private TrapSetup() {}

    static void create(Connection c, String db) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String t : new String[] {"qle_order", "qle_customer", "qle_product", "qle_event", "qle_audit",
                    "qle_setting"}) {
                s.execute("drop table if exists " + t);
            }
            s.execute("create table qle_customer (id int primary key, name varchar(40))");
            s.execute("create table qle_order (id int primary key, customer_id int, total int)");
            s.execute("create table qle_product (id int primary key, name varchar(40), price int,"
                    + " description varchar(200), category varchar(20), sku varchar(20), stock int, weight int)");
            s.execute("create table qle_event (id int primary key, kind varchar(20), payload varchar(60))");
            s.execute("create table qle_audit (action varchar(20), detail varchar(40))");
            s.execute("create table qle_setting (skey varchar(20) primary key, svalue varchar(20))");
        }
        batch(c, "insert into qle_customer (id, name) values (?, ?)", CUSTOMERS, (ps, i) -> {
            ps.setInt(1, i);
            ps.setString(2, "customer " + i);
        });
        batch(c, "insert into qle_order (id, customer_id, total) values (?, ?, ?)", CUSTOMERS, (ps, i) -> {
            ps.setInt(1, i);
            ps.setInt(2, i);
            ps.setInt(3, i * 7);
        });
        batch(c, "insert into qle_product (id, name, price, description, category, sku, stock, weight)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)", PRODUCTS, (ps, i) -> {
            ps.setInt(1, i);
            ps.setString(2, "product " + i);
            ps.setInt(3, i);
            ps.setString(4, "a long description of product " + i);
            ps.setString(5, "category " + (i % 5));
            ps.setString(6, "sku-" + i);
            ps.setInt(7, 100);
            ps.setInt(8, i % 17);
        });
        batch(c, "insert into qle_event (id, kind, payload) values (?, ?, ?)", EVENTS, (ps, i) -> {
            ps.setInt(1, i);
            ps.setString(2, i % 3 == 0 ? "checkout" : "view");
            ps.setString(3, "payload of event " + i);
        });
        batch(c, "insert into qle_setting (skey, svalue) values (?, ?)", 1, (ps, i) -> {
            ps.setString(1, "currency");
            ps.setString(2, "EUR");
        });
    }

    /** On H2, the sleep function the slow trap calls ({@code pg_sleep} and {@code sleep} elsewhere). */
    static void sleepFunction(Connection c, String db) throws SQLException {
        if (db.equals("h2")) {
            try (Statement s = c.createStatement()) {
                s.execute("create alias if not exists qle_sleep for \"" + TrapApp.class.getName() + ".sleep\"");
            }
        }
    }

    interface Row {
        void bind(PreparedStatement ps, int i) throws SQLException;
    }

    /** {@code rows} rows in batches of at most 1,000, each batch one execution of two or more rows. */
    private static void batch(Connection c, String sql, int rows, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int pending = 0;
            for (int i = 1; i <= rows; i++) {
                row.bind(ps, i);
                ps.addBatch();
                if (++pending == 1000) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }
}
