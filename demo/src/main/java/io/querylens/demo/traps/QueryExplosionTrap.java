package io.querylens.demo.traps;

import io.querylens.demo.web.Json;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Query explosion: prices a 150-product basket with one primary-key lookup per product (ids 1 to 150),
 * each prepared and run on one connection: 150 statements in one request, differing only in the id, so
 * it is also an N+1. One {@code WHERE id IN (...)} would do.
 */
public final class QueryExplosionTrap implements Trap {
    public static final int LOOKUPS = 150;
    public static final String SQL = "SELECT id, name, price FROM demo_product WHERE id = ?";

    private final DataSource dataSource;

    public QueryExplosionTrap(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String path() {
        return "/traps/explosion";
    }

    @Override
    public Json run() throws SQLException {
        BigDecimal total = BigDecimal.ZERO;
        int found = 0;
        try (Connection c = dataSource.getConnection()) {
            for (long id = 1; id <= LOOKUPS; id++) {
                BigDecimal price = price(c, id); // the trap: one round trip per basket item
                if (price != null) {
                    total = total.add(price);
                    found++;
                }
            }
        }
        return Json.object().field("lookups", LOOKUPS).field("found", found).field("total", total).endObject();
    }

    private static BigDecimal price(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != id || rs.getString(2) == null) {
                    return null;
                }
                return rs.getBigDecimal(3);
            }
        }
    }
}
