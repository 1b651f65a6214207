package io.querylens.demo.db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import javax.sql.DataSource;

/**
 * The deterministic seed: every value is a function of the row's id, so that every run, on every
 * database, shows the same shop. Tests and the load driver rely on these numbers and names.
 */
public final class SeedData {
    public static final int CUSTOMERS = 20;
    public static final int PRODUCTS = 200;
    public static final int ORDERS = 100;
    public static final int LINES_PER_ORDER = 3;
    public static final int EVENTS = 20_000;

    static final String[] CITIES = {"Lisbon", "Oslo", "Vienna", "Porto", "Ghent"};
    static final String[] COLORS = {"Red", "Green", "Blue", "Black", "White"};
    static final String[] NOUNS = {"Widget", "Gadget", "Gizmo", "Sprocket"};
    static final String[] CATEGORIES = {"Tools", "Garden", "Kitchen", "Office", "Toys"};
    static final String[] STATUSES = {"NEW", "PAID", "SHIPPED"};
    static final String[] EVENT_KINDS = {"view", "cart", "checkout", "search"};
    static final LocalDateTime EPOCH = LocalDateTime.of(2025, 1, 1, 0, 0);

    /** Rows per {@code executeBatch} while seeding. */
    private static final int SEED_BATCH = 1000;

    private SeedData() {}

    /** "Customer 01" .. "Customer 20". */
    public static String customerName(long id) {
        return String.format("Customer %02d", id);
    }

    /** The customer of order {@code orderId}: the first 20 orders have 20 different customers. */
    public static long customerOfOrder(long orderId) {
        return (orderId - 1) % CUSTOMERS + 1;
    }

    /** For example "Red Widget 001", "Red Gadget 002", ..., "Green Widget 005". */
    public static String productName(long id) {
        return COLORS[(int) ((id - 1) / NOUNS.length % COLORS.length)] + " " + NOUNS[(int) ((id - 1) % NOUNS.length)]
                + " " + String.format("%03d", id);
    }

    /** 5.25 for product 1, then 0.25 more per id. */
    public static BigDecimal productPrice(long id) {
        return BigDecimal.valueOf(500 + id * 25, 2);
    }

    public static String productCategory(long id) {
        return CATEGORIES[(int) ((id - 1) % CATEGORIES.length)];
    }

    /** The product of line {@code k} (0, 1, 2) of order {@code orderId}. */
    public static long productOfLine(long orderId, int k) {
        return (orderId * 7 + k * 13) % PRODUCTS + 1;
    }

    public static int quantityOfLine(long orderId, int k) {
        return (int) (1 + (orderId + k) % 4);
    }

    /** The id of line {@code k} (0, 1, 2) of order {@code orderId}. */
    public static long lineId(long orderId, int k) {
        return (orderId - 1) * LINES_PER_ORDER + k + 1;
    }

    public static BigDecimal orderTotal(long orderId) {
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (int k = 0; k < LINES_PER_ORDER; k++) {
            total = total.add(productPrice(productOfLine(orderId, k)).multiply(BigDecimal.valueOf(quantityOfLine(orderId, k))));
        }
        return total;
    }

    public static String orderStatus(long orderId) {
        return STATUSES[(int) (orderId % STATUSES.length)];
    }

    /** Inserts the whole seed on one connection in one transaction, with JDBC batches. */
    static void insert(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                customers(c);
                products(c);
                orders(c);
                settings(c);
                events(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void customers(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO demo_customer (id, name, email, city) VALUES (?, ?, ?, ?)")) {
            for (long id = 1; id <= CUSTOMERS; id++) {
                ps.setLong(1, id);
                ps.setString(2, customerName(id));
                ps.setString(3, String.format("customer%02d@example.com", id));
                ps.setString(4, CITIES[(int) (id % CITIES.length)]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void products(Connection c) throws SQLException {
        String sql = "INSERT INTO demo_product (id, sku, name, description, category, price, currency, stock, weight_grams,"
                + " color, supplier, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (long id = 1; id <= PRODUCTS; id++) {
                String name = productName(id);
                ps.setLong(1, id);
                ps.setString(2, String.format("SKU-%04d", id));
                ps.setString(3, name);
                ps.setString(4, description(name));
                ps.setString(5, productCategory(id));
                ps.setBigDecimal(6, productPrice(id));
                ps.setString(7, "EUR");
                ps.setInt(8, (int) (id * 37 % 500));
                ps.setInt(9, (int) (100 + id * 13 % 900));
                ps.setString(10, COLORS[(int) ((id - 1) / NOUNS.length % COLORS.length)]);
                ps.setString(11, "Supplier " + (char) ('A' + id % 6));
                ps.setBoolean(12, id % 10 != 0);
                ps.setTimestamp(13, Timestamp.valueOf(EPOCH.plusDays(id)));
                ps.setTimestamp(14, Timestamp.valueOf(EPOCH.plusDays(id + 30)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** About 600 characters: the column that makes {@code SELECT *} on products expensive. */
    private static String description(String name) {
        StringBuilder sb = new StringBuilder(name).append(". ");
        while (sb.length() < 600) {
            sb.append("Sturdy, well made and shipped in recyclable packaging; covered by a two-year warranty. ");
        }
        return sb.toString();
    }

    private static void orders(Connection c) throws SQLException {
        try (PreparedStatement order = c.prepareStatement(
                     "INSERT INTO demo_order (id, customer_id, status, ordered_at, total) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement line = c.prepareStatement(
                     "INSERT INTO demo_order_line (id, order_id, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= ORDERS; id++) {
                order.setLong(1, id);
                order.setLong(2, customerOfOrder(id));
                order.setString(3, orderStatus(id));
                order.setTimestamp(4, Timestamp.valueOf(EPOCH.plusHours(id)));
                order.setBigDecimal(5, orderTotal(id));
                order.addBatch();
            }
            order.executeBatch();
            for (long id = 1; id <= ORDERS; id++) {
                for (int k = 0; k < LINES_PER_ORDER; k++) {
                    long product = productOfLine(id, k);
                    line.setLong(1, lineId(id, k));
                    line.setLong(2, id);
                    line.setLong(3, product);
                    line.setInt(4, quantityOfLine(id, k));
                    line.setBigDecimal(5, productPrice(product));
                    line.addBatch();
                }
            }
            line.executeBatch();
        }
    }

    private static void settings(Connection c) throws SQLException {
        String[][] rows = {{"currency", "EUR"}, {"tax_rate", "0.21"}, {"shop_name", "QueryLens Demo Shop"}};
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO demo_setting (id, setting_key, setting_value) VALUES (?, ?, ?)")) {
            for (int i = 0; i < rows.length; i++) {
                ps.setLong(1, i + 1);
                ps.setString(2, rows[i][0]);
                ps.setString(3, rows[i][1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void events(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO demo_event (id, kind, payload, created_at) VALUES (?, ?, ?, ?)")) {
            for (long id = 1; id <= EVENTS; id++) {
                ps.setLong(1, id);
                ps.setString(2, EVENT_KINDS[(int) ((id - 1) % EVENT_KINDS.length)]);
                ps.setString(3, "session-" + ((id - 1) / 10 + 1) + " page-" + (id % 37));
                ps.setTimestamp(4, Timestamp.valueOf(EPOCH.plusSeconds(id)));
                ps.addBatch();
                if (id % SEED_BATCH == 0 || id == EVENTS) {
                    ps.executeBatch();
                }
            }
        }
    }
}
