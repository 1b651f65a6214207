package io.querylens.demo.db;

import java.util.Locale;

/**
 * The databases the shop runs on, with what differs between them: where they are, how the schema is
 * created, and how to make one statement slow on purpose.
 */
public enum DbKind {
    /** Embedded, in memory, private to this shop: the default. It is gone when the shop stops. */
    H2("create-drop", null, "sa", ""),
    /** The server on this machine; the {@code demo_} tables are dropped and re-created at each start. */
    POSTGRESQL("create", "jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),
    /** The server on this machine; the {@code demo_} tables are dropped and re-created at each start. */
    MARIADB("create", "jdbc:mariadb://127.0.0.1:3306/test", "root", "");

    private final String schemaAction;
    private final String defaultUrl;
    private final String defaultUser;
    private final String defaultPassword;

    DbKind(String schemaAction, String defaultUrl, String defaultUser, String defaultPassword) {
        this.schemaAction = schemaAction;
        this.defaultUrl = defaultUrl;
        this.defaultUser = defaultUser;
        this.defaultPassword = defaultPassword;
    }

    /** Parses {@code h2}, {@code postgresql} or {@code mariadb} (any case). */
    public static DbKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "h2":
                return H2;
            case "postgresql":
            case "postgres":
                return POSTGRESQL;
            case "mariadb":
            case "mysql":
                return MARIADB;
            default:
                throw new IllegalArgumentException("unknown database '" + name + "': use h2, postgresql or mariadb");
        }
    }

    /** The lower-case name used on the command line. */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The JDBC URL to use unless one is given. For H2 it names a fresh in-memory database, so that
     * several shops in one JVM (the tests) never share tables.
     */
    public String defaultUrl(int instance) {
        if (this == H2) {
            return "jdbc:h2:mem:querylens_demo_" + instance + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return defaultUrl;
    }

    public String defaultUser() {
        return defaultUser;
    }

    public String defaultPassword() {
        return defaultPassword;
    }

    /** Hibernate's {@code hibernate.hbm2ddl.auto} value for this database. */
    public String schemaAction() {
        return schemaAction;
    }

    /** One statement that takes {@code millis} milliseconds on the server. */
    public String sleepSql(int millis) {
        switch (this) {
            case H2:
                return "SELECT DEMO_SLEEP(" + millis + ")";
            case POSTGRESQL:
                return "SELECT pg_sleep(" + seconds(millis) + ")";
            default:
                return "SELECT SLEEP(" + seconds(millis) + ")";
        }
    }

    private static String seconds(int millis) {
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }
}
