package io.querylens.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.management.ObjectName;

/**
 * The memory figure: runs two workloads against in-memory H2 and, after each, prints the heap still in use
 * after full collections, so that {@code run.sh} can subtract the same figure of a run without an agent.
 *
 * <ol>
 *   <li>{@code fingerprints}: {@code --statements} prepared statements over {@code --fingerprints} distinct
 *       statement shapes ({@code SELECT id AS c<k> FROM item WHERE id = ?}: the alias is an identifier, not
 *       a literal, so each shape normalizes to a different fingerprint);</li>
 *   <li>{@code literals}: another {@code --statements} plain statements, each with literals no other
 *       statement has ({@code ... WHERE id = 17 AND price < 100042}), which must all fold into one
 *       fingerprint.</li>
 * </ol>
 *
 * <p>Each line reads {@code memory phase=P used_bytes=U querylens_class_bytes=Q otel_class_bytes=O}: U is the
 * used heap after collection (the lowest of three readings); Q and O sum the live instances of classes
 * under {@code io.querylens.} and {@code io.opentelemetry.} in a class histogram, a lower bound of what each
 * agent holds, since the strings and arrays it holds are counted under JDK classes.
 */
public final class MemoryApp {
    private static final int TABLE_ROWS = 100;

    private MemoryApp() {}

    public static void main(String[] args) throws Exception {
        long statements = longArg(args, "--statements", 1_000_000);
        int fingerprints = (int) longArg(args, "--fingerprints", 100_000);
        try (Connection connection = ItemTable.open()) {
            ItemTable.create(connection, TABLE_ROWS);
            long checksum = distinctFingerprints(connection, statements, fingerprints);
            report("fingerprints", checksum);
            checksum = uniqueLiterals(connection, statements);
            report("literals", checksum);
        }
    }

    static long distinctFingerprints(Connection connection, long statements, int fingerprints) throws SQLException {
        long checksum = 0;
        for (long i = 0; i < statements; i++) {
            String sql = "SELECT id AS c" + (i % fingerprints) + " FROM item WHERE id = ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, 1 + i % TABLE_ROWS);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        checksum += rows.getLong(1);
                    }
                }
            }
        }
        return checksum;
    }

    static long uniqueLiterals(Connection connection, long statements) throws SQLException {
        long checksum = 0;
        try (Statement statement = connection.createStatement()) {
            for (long i = 0; i < statements; i++) {
                String sql = "SELECT name FROM item WHERE id = " + (1 + i % TABLE_ROWS) + " AND price < " + (100_000 + i);
                try (ResultSet rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        checksum += rows.getString(1).length();
                    }
                }
            }
        }
        return checksum;
    }

    private static void report(String phase, long checksum) throws Exception {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        String histogram = classHistogram();
        System.out.println("memory phase=" + phase + " used_bytes=" + used
                + " querylens_class_bytes=" + classBytes(histogram, "io.querylens.")
                + " otel_class_bytes=" + classBytes(histogram, "io.opentelemetry.")
                + " checksum=" + checksum);
    }

    /** The live-object class histogram ({@code jcmd PID GC.class_histogram}), taken in-process. */
    static String classHistogram() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            System.err.println("class histogram unavailable: " + e);
            return "";
        }
    }

    /** Sums the {@code #bytes} column of histogram rows whose class name starts with {@code prefix}. */
    static long classBytes(String histogram, String prefix) {
        long total = 0;
        for (String line : histogram.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            // "   1:   12   345   io.querylens.Foo (module)"
            if (cols.length >= 4 && cols[0].endsWith(":") && cols[3].startsWith(prefix)) {
                total += Long.parseLong(cols[2]);
            }
        }
        return total;
    }

    static long longArg(String[] args, String name, long defaultValue) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Long.parseLong(arg.substring(name.length() + 1).replace("_", ""));
            }
        }
        return defaultValue;
    }
}
