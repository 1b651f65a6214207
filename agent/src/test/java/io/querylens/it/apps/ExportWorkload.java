package io.querylens.it.apps;

import io.querylens.api.QueryLens;
import io.querylens.api.UnitOfWork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A JDBC (H2) program with an exact unit-of-work profile, for the export tests. {@code ExportWorkload [go-file]}:
 * with a go-file it waits (at most a minute) for that file to exist before it exits, so a test can scrape it.
 * <ol>
 *   <li>implicit unit {@code thread main}: 3 statements (two {@code create table}, one {@code insert ... select})</li>
 *   <li>explicit unit {@code checkout}, 53 statements:
 *     <ul>
 *       <li>{@code select count(*) from ql_ex_item where price > ?}: 1 execution, 1 row</li>
 *       <li>{@code insert into ql_ex_order (id, item_id) values (?, ?)}: 1 batch of 3</li>
 *       <li>{@code select name from ql_ex_missing}: 1 execution, fails (the SQLState is printed as
 *           {@code error.type <state>})</li>
 *       <li>{@code select name from ql_ex_item where id = ?}: 50 executions with ids 1..50, 1 row each, from
 *           {@link #lookup} — an N+1</li>
 *     </ul></li>
 *   <li>a JDBC transaction: {@code update ql_ex_item set price = price + ? where id = ?} 3 times, committed</li>
 *   <li>explicit unit {@code clean}: {@code select count(*) from ql_ex_order}, 1 execution, 1 row, no finding</li>
 * </ol>
 * Prints {@code workload done <epoch millis>} as the last thing {@code main} does.
 */
public final class ExportWorkload {
    public static final int LOOKUPS = 50;

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:export;DB_CLOSE_DELAY=-1", "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table ql_ex_item (id int primary key, name varchar(40), price int)");
                s.execute("create table ql_ex_order (id int primary key, item_id int)");
                s.execute("insert into ql_ex_item select x, 'item ' || x, x * 10 from system_range(1, 60)");
            }
            try (UnitOfWork u = QueryLens.unitOfWork("checkout")) {
                checkout(c);
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("update ql_ex_item set price = price + 1 where id = ?")) {
                for (int id = 1; id <= 3; id++) {
                    ps.setInt(1, id);
                    ps.executeUpdate();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (UnitOfWork u = QueryLens.unitOfWork("clean");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from ql_ex_order")) {
                rs.next();
            }
        }
        if (args.length > 0) {
            Path go = Paths.get(args[0]);
            System.out.println("waiting for " + go);
            System.out.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(go) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }
        System.out.println("workload done " + System.currentTimeMillis());
    }

    static void checkout(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from ql_ex_item where price > ?")) {
            ps.setInt(1, 100);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into ql_ex_order (id, item_id) values (?, ?)")) {
            for (int i = 1; i <= 3; i++) {
                ps.setInt(1, i);
                ps.setInt(2, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.executeQuery("select name from ql_ex_missing");
            throw new IllegalStateException("the missing table exists");
        } catch (SQLException expected) {
            System.out.println("error.type " + expected.getSQLState());
        }
        for (int id = 1; id <= LOOKUPS; id++) {
            lookup(c, id);
        }
    }

    static String lookup(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from ql_ex_item where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) { // N+1 call site
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
