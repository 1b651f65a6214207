package io.querylens.sql;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link DbInfo} from a JDBC URL, without asking the database.
 *
 * <pre>{@code
 * DbInfos.fromUrl("jdbc:postgresql://db1:5433/shop?ssl=true")  // postgresql://db1:5433/shop
 * DbInfos.fromUrl("jdbc:h2:mem:test")                          // h2database/test
 * DbInfos.intern(connection.getMetaData().getURL())            // cached per URL
 * }</pre>
 *
 * <p>Knows PostgreSQL, MySQL, MariaDB, H2, SQL Server (and jTDS), Oracle (thin), Derby, HSQLDB, SQLite, DB2,
 * SAP HANA and ClickHouse URLs, and the {@code p6spy}/{@code otel}/{@code log4jdbc} wrapper prefixes; any
 * other {@code jdbc:x://host:port/db} URL gives {@code other_sql} with its host, port and database. User
 * names and passwords in a URL are skipped, never copied. Never throws: an unparseable URL is
 * {@link DbInfo#UNKNOWN}.
 */
public final class DbInfos {
    /** URLs {@link #intern} caches; there are rarely more than a handful. */
    public static final int MAX_CACHED = 256;

    private static final ConcurrentHashMap<String, DbInfo> CACHE = new ConcurrentHashMap<>();
    private static final AtomicLong UNCACHED = new AtomicLong();

    private DbInfos() {
    }

    /** {@link #fromUrl}, cached for up to {@value #MAX_CACHED} URLs; beyond that parsed every time. */
    public static DbInfo intern(String jdbcUrl) {
        if (jdbcUrl == null) {
            return DbInfo.UNKNOWN;
        }
        DbInfo info = CACHE.get(jdbcUrl);
        if (info != null) {
            return info;
        }
        info = fromUrl(jdbcUrl);
        if (CACHE.size() < MAX_CACHED) {
            DbInfo prior = CACHE.putIfAbsent(jdbcUrl, info);
            return prior != null ? prior : info;
        }
        UNCACHED.incrementAndGet();
        return info;
    }

    /** {@link #intern} calls that found the cache full. */
    public static long uncached() {
        return UNCACHED.get();
    }

    /** The database a JDBC URL points at; {@link DbInfo#UNKNOWN} if it cannot tell. Never throws. */
    public static DbInfo fromUrl(String jdbcUrl) {
        try {
            return parse(jdbcUrl.trim());
        } catch (RuntimeException e) {
            return DbInfo.UNKNOWN;
        }
    }

    private static DbInfo parse(String url) {
        if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return DbInfo.UNKNOWN;
        }
        String rest = url.substring(5);
        for (String wrapper : new String[] {"p6spy:", "otel:", "log4jdbc:"}) {
            if (rest.regionMatches(true, 0, wrapper, 0, wrapper.length())) {
                rest = rest.substring(wrapper.length());
            }
        }
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            return DbInfo.UNKNOWN;
        }
        String sub = rest.substring(0, colon).toLowerCase(Locale.ROOT);
        String body = rest.substring(colon + 1);
        switch (sub) {
            case "postgresql":
            case "pgsql":
                return body.startsWith("//") ? network("postgresql", body, 5432)
                        : new DbInfo("postgresql", emptyToNull(cut(body, "?")), "localhost", 5432);
            case "mysql":
            case "mysql+srv":
                return network("mysql", body, 3306);
            case "mariadb":
                return network("mariadb", body, 3306);
            case "h2":
                return h2(body);
            case "sqlserver":
                return sqlServer(body);
            case "jtds":
                return body.regionMatches(true, 0, "sqlserver:", 0, 10)
                        ? network("microsoft.sql_server", body.substring(10), 1433)
                        : network("other_sql", body, -1);
            case "oracle":
                return oracle(body);
            case "derby":
                return body.startsWith("//") ? network("derby", body, 1527) : embedded("derby", body);
            case "hsqldb":
                return hsqldb(body);
            case "sqlite":
                return sqlite(body);
            case "db2":
                return network("ibm.db2", body, 50000);
            case "sap":
                return network("sap.hana", body, -1);
            case "clickhouse":
            case "ch":
                return network("clickhouse", body, 8123);
            default:
                return body.contains("//") ? network("other_sql", body, -1) : DbInfo.UNKNOWN;
        }
    }

    /**
     * {@code [sub-protocol:]//[user[:password]@]host[:port][,host2..][/database][?|;params]}: the first host,
     * the database from the path. MySQL's {@code address=(host=h)(port=p)} form is understood too.
     */
    private static DbInfo network(String system, String body, int defaultPort) {
        int slashes = body.indexOf("//");
        if (slashes < 0) {
            return new DbInfo(system, null, null, -1);
        }
        String after = body.substring(slashes + 2);
        int end = indexOfAny(after, "/?;#", 0);
        String authority = end < 0 ? after : after.substring(0, end);
        String path = end >= 0 && after.charAt(end) == '/' ? after.substring(end + 1) : "";
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String first = authority;
        int comma = first.indexOf(',');
        if (comma >= 0) {
            first = first.substring(0, comma);
        }
        String host;
        int port = defaultPort;
        if (first.regionMatches(true, 0, "address=", 0, 8) || first.startsWith("(")) {
            host = property(first, "host", '(', ')');
            String p = property(first, "port", '(', ')');
            port = p == null ? defaultPort : port(p, defaultPort);
        } else if (first.startsWith("[")) {
            int close = first.indexOf(']');
            host = first.substring(1, close);
            port = close + 1 < first.length() && first.charAt(close + 1) == ':'
                    ? port(first.substring(close + 2), defaultPort) : defaultPort;
        } else {
            int c = first.lastIndexOf(':');
            host = c >= 0 ? first.substring(0, c) : first;
            port = c >= 0 ? port(first.substring(c + 1), defaultPort) : defaultPort;
        }
        String db = cut(cut(cut(path, "?"), ";"), "/");
        return new DbInfo(system, emptyToNull(db), emptyToNull(host), port);
    }

    private static DbInfo h2(String body) {
        String b = cut(body, ";");
        if (b.regionMatches(true, 0, "mem:", 0, 4)) {
            return new DbInfo("h2database", emptyToNull(b.substring(4)), null, -1);
        }
        if (b.regionMatches(true, 0, "tcp:", 0, 4) || b.regionMatches(true, 0, "ssl:", 0, 4)) {
            String remote = b.substring(4); // //host[:port]/path
            DbInfo server = network("h2database", remote, 9092);
            int slash = remote.indexOf('/', remote.indexOf("//") + 2);
            return new DbInfo("h2database", slash < 0 ? null : lastPathElement(remote.substring(slash + 1)),
                    server.host, server.port);
        }
        return embedded("h2database", b);
    }

    /** An embedded database named by a path, perhaps after sub-protocols ({@code file:}, {@code memory:}). */
    private static DbInfo embedded(String system, String body) {
        String b = cut(cut(body, ";"), "?");
        int c;
        while ((c = b.indexOf(':')) > 1 && b.substring(0, c).chars().allMatch(Character::isLetter)) {
            b = b.substring(c + 1); // file:, memory:, directory:, classpath:, zip: ... (not C:)
        }
        return new DbInfo(system, lastPathElement(b), null, -1);
    }

    private static DbInfo hsqldb(String body) {
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.startsWith("hsql://") || lower.startsWith("hsqls://") || lower.startsWith("http://")
                || lower.startsWith("https://")) {
            int port = lower.startsWith("hsqls") ? 554 : lower.startsWith("https") ? 443
                    : lower.startsWith("http") ? 80 : 9001;
            return network("hsqldb", body, port);
        }
        return embedded("hsqldb", body);
    }

    private static DbInfo sqlite(String body) {
        String b = cut(body, "?");
        if (b.isEmpty() || b.equals(":memory:") || b.startsWith(":memory:") || b.equals("file::memory:")) {
            return new DbInfo("sqlite", null, null, -1);
        }
        return embedded("sqlite", b);
    }

    /** {@code //host[\instance][:port][;property=value]...}, properties for the database and fallbacks. */
    private static DbInfo sqlServer(String body) {
        String b = body.startsWith("//") ? body.substring(2) : body;
        int semi = b.indexOf(';');
        String authority = semi < 0 ? b : b.substring(0, semi);
        String props = semi < 0 ? "" : b.substring(semi);
        String host = authority;
        int port = 1433;
        int c = host.lastIndexOf(':');
        if (c >= 0) {
            port = port(host.substring(c + 1), 1433);
            host = host.substring(0, c);
        }
        int backslash = host.indexOf('\\');
        if (backslash >= 0) {
            host = host.substring(0, backslash);
        }
        if (host.isEmpty()) {
            host = property(props, "serverName", ';', ';');
        }
        String p = property(props, "portNumber", ';', ';');
        if (p != null) {
            port = port(p, port);
        }
        String db = property(props, "databaseName", ';', ';');
        if (db == null) {
            db = property(props, "database", ';', ';');
        }
        return new DbInfo("microsoft.sql_server", emptyToNull(db), emptyToNull(host), port);
    }

    /**
     * {@code thin:[user/password]@host:port:SID}, {@code @//host:port/service}, {@code @host:port/service},
     * {@code @(DESCRIPTION=..(HOST=h)(PORT=p)..(SERVICE_NAME=s))} or {@code @tns_alias}.
     */
    private static DbInfo oracle(String body) {
        int at = body.indexOf('@');
        if (at < 0) {
            return new DbInfo("oracle.db", null, null, -1);
        }
        String s = body.substring(at + 1).trim();
        if (s.startsWith("(")) {
            String service = property(s, "SERVICE_NAME", '(', ')');
            String port = property(s, "PORT", '(', ')');
            return new DbInfo("oracle.db", service != null ? service : property(s, "SID", '(', ')'),
                    property(s, "HOST", '(', ')'), port == null ? 1521 : port(port, 1521));
        }
        if (s.startsWith("//")) {
            s = s.substring(2);
        }
        s = cut(s, "?");
        int slash = s.indexOf('/');
        String hostPort = slash >= 0 ? s.substring(0, slash) : s;
        String service = slash >= 0 ? s.substring(slash + 1) : null;
        int c = hostPort.indexOf(':');
        if (c < 0) {
            return slash < 0 ? new DbInfo("oracle.db", emptyToNull(hostPort), null, -1) // a TNS alias
                    : new DbInfo("oracle.db", emptyToNull(service), emptyToNull(hostPort), 1521);
        }
        String host = hostPort.substring(0, c);
        String portAndSid = hostPort.substring(c + 1);
        int c2 = portAndSid.indexOf(':');
        if (c2 >= 0) {
            service = portAndSid.substring(c2 + 1); // host:port:SID
            portAndSid = portAndSid.substring(0, c2);
        }
        return new DbInfo("oracle.db", emptyToNull(service), emptyToNull(host), port(portAndSid, 1521));
    }

    /** The value of {@code key=value} (case-insensitive key) up to {@code close}, or null. */
    private static String property(String s, String key, char open, char close) {
        String lower = s.toLowerCase(Locale.ROOT);
        String k = key.toLowerCase(Locale.ROOT) + "=";
        int from = 0;
        while (true) {
            int i = lower.indexOf(k, from);
            if (i < 0) {
                return null;
            }
            if (i == 0 || s.charAt(i - 1) == open || s.charAt(i - 1) == ';' || s.charAt(i - 1) == ' ') {
                int start = i + k.length();
                int end = s.indexOf(close, start);
                return s.substring(start, end < 0 ? s.length() : end).trim();
            }
            from = i + 1;
        }
    }

    private static String lastPathElement(String path) {
        String p = path;
        while (p.endsWith("/") || p.endsWith("\\")) {
            p = p.substring(0, p.length() - 1);
        }
        int i = Math.max(p.lastIndexOf('/'), Math.max(p.lastIndexOf('\\'), p.lastIndexOf(':')));
        return emptyToNull(p.substring(i + 1));
    }

    private static int port(String s, int dflt) {
        try {
            int p = Integer.parseInt(s.trim());
            return p > 0 && p < 65536 ? p : dflt;
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String cut(String s, String at) {
        int i = s.indexOf(at);
        return i < 0 ? s : s.substring(0, i);
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
