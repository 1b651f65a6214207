package io.querylens.instrument;

import io.querylens.bootstrap.Log;
import io.querylens.instrument.jdbc.JdbcTransformer;
import io.querylens.instrument.jdbc.JdbcTypes;
import java.io.InputStream;
import java.util.List;

/**
 * Weaves this class's own file a few times on a background thread while the application starts, so that
 * the weaver's ~30 ASM classes are loaded and its code has run before the first JDBC class needs it on the
 * application's thread. Its methods are shaped like a statement's and a result set's; it is never woven for
 * real (the agent's own packages are ignored).
 */
public final class WarmUp {
    static final int ROUNDS = 40;

    private int row;

    public Object executeQuery(String sql) throws java.sql.SQLException {
        if (sql == null) {
            throw new java.sql.SQLException("no SQL");
        }
        return sql;
    }

    public int executeUpdate(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            n += sql.charAt(i) == ',' ? 1 : 0;
        }
        return n;
    }

    public void setLong(int index, long value) {
        row += index;
    }

    public boolean next() {
        return ++row < 10;
    }

    public String getString(int column) {
        return column > 0 ? "v" : null;
    }

    public void close() {
        row = 0;
    }

    static void start(JdbcTransformer jdbc) {
        // an anonymous class, not a lambda: linking a lambda would cost the application's thread more than this
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                WarmUp.run(jdbc);
            }
        }, "querylens-weaver-warm-up");
        t.setDaemon(true);
        t.setContextClassLoader(WarmUp.class.getClassLoader());
        t.start();
    }

    static void run(JdbcTransformer jdbc) {
        try (InputStream in = WarmUp.class.getClassLoader().getResourceAsStream(
                WarmUp.class.getName().replace('.', '/') + ".class")) {
            if (in == null) {
                return;
            }
            byte[] file = in.readAllBytes();
            List<MethodRule> rules = jdbc.rules(JdbcTypes.STATEMENT | JdbcTypes.PREPARED | JdbcTypes.RESULT_SET);
            for (int i = 0; i < ROUNDS; i++) {
                Weaver.weave(file, rules, true);
            }
        } catch (Throwable t) {
            Log.debug("weaver warm-up skipped: " + t);
        }
    }
}
