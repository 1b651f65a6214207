package io.querylens.sql;

/**
 * The database behind a connection, for the {@code db.*} and {@code server.*} attributes. Interned per JDBC
 * URL; derived from the URL alone (no query is run to learn it).
 */
public final class DbInfo {
    /** {@code db.system.name}: {@code postgresql}, {@code mariadb}, {@code mysql}, {@code h2database}, ..., {@code other_sql}. */
    public final String system;
    /** {@code db.namespace}: the database name, or null. */
    public final String namespace;
    /** {@code server.address}, or null for embedded databases. */
    public final String host;
    /** {@code server.port}, or -1. */
    public final int port;

    public DbInfo(String system, String namespace, String host, int port) {
        this.system = system;
        this.namespace = namespace;
        this.host = host;
        this.port = port;
    }

    public static final DbInfo UNKNOWN = new DbInfo("other_sql", null, null, -1);

    @Override
    public String toString() {
        return system + (host == null ? "" : "://" + host + (port > 0 ? ":" + port : "")) + (namespace == null ? "" : "/" + namespace);
    }
}
