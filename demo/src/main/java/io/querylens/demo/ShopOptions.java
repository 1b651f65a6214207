package io.querylens.demo;

import io.querylens.demo.db.DbKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The shop's settings: each {@code --name=value} flag, or else the system property {@code demo.name}.
 *
 * <pre>
 * --port=8080          0 picks a free port
 * --host=127.0.0.1     the address to listen on
 * --db=h2              h2 | postgresql | mariadb
 * --jdbc-url=...       instead of the default URL for --db
 * --db-user=...        instead of the default user for --db
 * --db-password=...    instead of the default (empty) password
 * --exit-after=N       exit (status 0) after N seconds (or 500ms, 2m, ...); 0 = never
 * </pre>
 */
public final class ShopOptions {
    public static final String USAGE = "usage: java -jar querylens-demo.jar [--port=8080] [--host=127.0.0.1]"
            + " [--db=h2|postgresql|mariadb] [--jdbc-url=URL] [--db-user=U] [--db-password=P] [--exit-after=SECONDS]";

    private int port = 8080;
    private String host = "127.0.0.1";
    private DbKind db = DbKind.H2;
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private long exitAfterMillis;
    private boolean help;

    /** The defaults: port 8080, H2. */
    public ShopOptions() {}

    /**
     * Reads {@code args}, falling back to {@code demo.*} entries of {@code properties}.
     *
     * @throws IllegalArgumentException naming the first flag that is unknown or has a bad value
     */
    public static ShopOptions parse(String[] args, Properties properties) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : new String[] {"port", "host", "db", "jdbc-url", "db-user", "db-password", "exit-after"}) {
            String p = properties.getProperty("demo." + name);
            if (p != null) {
                values.put(name, p);
            }
        }
        ShopOptions o = new ShopOptions();
        for (String arg : args) {
            if ("--help".equals(arg) || "-h".equals(arg)) {
                o.help = true;
                continue;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            o.set(e.getKey(), e.getValue());
        }
        return o;
    }

    private void set(String name, String value) {
        switch (name) {
            case "port":
                port(parsePort(value));
                break;
            case "host":
                host = value;
                break;
            case "db":
                db = DbKind.parse(value);
                break;
            case "jdbc-url":
                jdbcUrl = value;
                break;
            case "db-user":
                dbUser = value;
                break;
            case "db-password":
                dbPassword = value;
                break;
            case "exit-after":
                exitAfterMillis = Durations.parseMillis(value);
                break;
            default:
                throw new IllegalArgumentException("unknown option --" + name);
        }
    }

    private static int parsePort(String value) {
        try {
            int p = Integer.parseInt(value.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be 0..65535, not '" + value + "'");
    }

    public ShopOptions port(int port) {
        this.port = port;
        return this;
    }

    public ShopOptions db(DbKind db) {
        this.db = db;
        return this;
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public DbKind db() {
        return db;
    }

    /** The JDBC URL given, or null for the default of {@link #db()}. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String dbUser() {
        return dbUser == null ? db.defaultUser() : dbUser;
    }

    public String dbPassword() {
        return dbPassword == null ? db.defaultPassword() : dbPassword;
    }

    /** 0 for never. */
    public long exitAfterMillis() {
        return exitAfterMillis;
    }

    public boolean help() {
        return help;
    }
}
