package io.querylens.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/**
 * What the integration tests need from the machine. On a developer's machine a missing database server or
 * JDK is a visible skip; in CI ({@code CI=true}) it is a failure, so those tests always run there.
 */
public final class Environment {
    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";

    private Environment() {}

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static void missing(String what) {
        if (ci()) {
            fail(what + " is not available, and CI=true requires it");
        }
        ForkedJvm.abort(what + " is not available");
    }

    /** The JDBC URL for {@code db} (h2, postgresql, mariadb), after checking the server answers. */
    public static String requireDatabase(String db) {
        switch (db) {
            case "h2":
                return "jdbc:h2:mem:querylens;DB_CLOSE_DELAY=-1";
            case "postgresql":
                check(POSTGRES_URL, "postgres", "PostgreSQL at 127.0.0.1:5432 (database test, user postgres)");
                return POSTGRES_URL;
            case "mariadb":
                check(MARIADB_URL, "root", "MariaDB at 127.0.0.1:3306 (database test, user root)");
                return MARIADB_URL;
            default:
                throw new IllegalArgumentException(db);
        }
    }

    private static void check(String url, String user, String what) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", "");
        // seconds for PostgreSQL, milliseconds for MariaDB (where "3" made a busy server look absent)
        p.setProperty("connectTimeout", url.startsWith("jdbc:mariadb:") ? "3000" : "3");
        p.setProperty("loginTimeout", "3");
        try (Connection c = DriverManager.getConnection(url, p)) {
            c.isValid(3);
        } catch (Exception e) {
            missing(what + " (" + e.getMessage() + ")");
        }
    }
}
