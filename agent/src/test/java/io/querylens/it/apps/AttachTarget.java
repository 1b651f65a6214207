package io.querylens.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * A running application the agent attaches to: it uses H2 before the attach (so the driver's classes are
 * already loaded and must be retransformed), prints {@code ready}, waits for the file named by its argument,
 * then runs exactly 7 lookups on the connection it opened before the attach, and 2 on a new one.
 */
public final class AttachTarget {
    public static void main(String[] args) throws Exception {
        Path go = Paths.get(args[0]);
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:attach")) {
            try (PreparedStatement ps = c.prepareStatement("create table ql_attach (id int primary key, name varchar(20))")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into ql_attach values (1, 'one')")) {
                ps.execute();
            }
            lookup(c);
            System.out.println("ready " + ProcessHandle.current().pid());
            System.out.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(go) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            for (int i = 0; i < 7; i++) {
                lookup(c);
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:attach2")) {
            try (PreparedStatement ps = c.prepareStatement("create table ql_attach (id int primary key, name varchar(20))")) {
                ps.execute();
            }
            lookup(c);
            lookup(c);
        }
        System.out.println("attach target done");
    }

    private static void lookup(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select name from ql_attach where id = ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getString(1);
                }
            }
        }
    }
}
