package io.querylens.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;

/**
 * A small application for the start-up figure: it opens an in-memory H2 database, creates a table and runs
 * its first query, then prints {@code first_query_ms=N}, the milliseconds from JVM start (which precedes any
 * agent's {@code premain}) to the first query's last row.
 *
 * <p>The clock is read before {@code java.management} is touched, so loading the management classes is
 * not counted; only the JVM start timestamp comes from {@link java.lang.management.RuntimeMXBean}.
 */
public final class StartupApp {
    private StartupApp() {}

    public static void main(String[] args) throws Exception {
        long checksum;
        try (Connection connection = ItemTable.open()) {
            ItemTable.create(connection, 100);
            checksum = ItemTable.lookup(connection, 42);
        }
        long firstQueryDone = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("first_query_ms=" + (firstQueryDone - jvmStart) + " checksum=" + checksum);
    }
}
