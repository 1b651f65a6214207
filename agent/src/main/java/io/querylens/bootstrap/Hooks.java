package io.querylens.bootstrap;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The static entry points that the code woven into JDBC drivers, pools and servlet containers calls. It
 * lives on the bootstrap class path so that any class loader can link to it, and forwards to the sinks the
 * agent installs.
 *
 * <p>The agent builds its sinks on a background thread while the application starts ({@link #starting});
 * a hook called before they are installed waits for them (at most {@value #START_WAIT_MILLIS} ms), so no
 * statement is lost to the start-up and the application's own start is not held up by the agent's.
 *
 * <p>Nothing here throws into the application. Each family of instrumentation counts its own failures; a
 * family that fails {@value #FAILURE_LIMIT} times turns itself off and says so once in the log, and the
 * application carries on unobserved by it rather than slowed by repeated exceptions.
 */
public final class Hooks {
    /** Returned by an enter hook when nothing was entered: the exit hook must do nothing. */
    public static final long NOT_TRACED = Long.MIN_VALUE;
    /** Returned by an enter hook for a call nested in another traced call (a wrapper's delegate). */
    public static final long NESTED = Long.MIN_VALUE + 1;

    static final int FAILURE_LIMIT = 100;
    public static final int EXECUTE = 0, PREPARE = 1, BIND = 2, RESULT_SET = 3, TRANSACTION = 4, DATASOURCE = 5,
            WORK = 6, SERVLET = 7;
    private static final String[] FAMILY = {"execute", "prepare", "bind", "result set", "transaction",
            "data source", "unit of work", "servlet"};
    private static final AtomicIntegerArray FAILURES = new AtomicIntegerArray(FAMILY.length);
    private static final boolean[] DISABLED = new boolean[FAMILY.length];

    private static volatile JdbcSink jdbc;
    private static volatile WorkSink work;
    private static volatile ServletSink servlet;

    private Hooks() {}

    public static void install(JdbcSink jdbcSink, WorkSink workSink, ServletSink servletSink) {
        jdbc = jdbcSink;
        work = workSink;
        servlet = servletSink;
        started();
    }

    static final long START_WAIT_MILLIS = 10_000;
    private static final Object START = new Object();
    private static volatile boolean starting;

    /** The sinks are being built: until {@link #install} or {@link #started}, hooks wait for them. */
    public static void starting() {
        starting = true;
    }

    /** The start is over, installed or failed: hooks stop waiting. */
    public static void started() {
        synchronized (START) {
            starting = false;
            START.notifyAll();
        }
    }

    /**
     * Waits for the start, bounded; off the hot path (only while no sink is installed). A start that takes
     * longer than the bound stops every hook from waiting: the application runs unobserved until it ends.
     */
    private static void awaitStart() {
        long deadline = System.currentTimeMillis() + START_WAIT_MILLIS;
        synchronized (START) {
            for (long left; starting; ) {
                left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    starting = false;
                    START.notifyAll();
                    Log.warn("the agent did not start within " + START_WAIT_MILLIS + " ms; statements are not"
                            + " observed until it does");
                    return;
                }
                try {
                    START.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static JdbcSink jdbc() {
        JdbcSink s = jdbc;
        if (s == null && starting) {
            awaitStart();
            s = jdbc;
        }
        return s;
    }

    private static WorkSink work() {
        WorkSink w = work;
        if (w == null && starting) {
            awaitStart();
            w = work;
        }
        return w;
    }

    private static ServletSink servlet() {
        ServletSink v = servlet;
        if (v == null && starting) {
            awaitStart();
            v = servlet;
        }
        return v;
    }

    public static void uninstall() {
        jdbc = null;
        work = null;
        servlet = null;
    }

    static void failed(int family, Throwable t) {
        int n = FAILURES.incrementAndGet(family);
        if (n == 1) {
            Log.warn("the " + FAMILY[family] + " instrumentation failed once (it keeps running): " + t);
        } else if (n == FAILURE_LIMIT) {
            DISABLED[family] = true;
            Log.error("the " + FAMILY[family] + " instrumentation failed " + FAILURE_LIMIT
                    + " times and is now off; the application is unaffected", t);
        }
    }

    /** For tests: forget failures and turn every family back on. */
    static void resetFailures() {
        for (int i = 0; i < DISABLED.length; i++) {
            DISABLED[i] = false;
            FAILURES.set(i, 0);
        }
    }

    /** The instrumentation families, indexed like {@link #failures(int)}. */
    public static int families() {
        return FAMILY.length;
    }

    public static String familyName(int family) {
        return FAMILY[family];
    }

    public static int failures(int family) {
        return FAILURES.get(family);
    }

    public static boolean disabled(int family) {
        return DISABLED[family];
    }

    // ---- connections ----

    /**
     * Enter of prepareStatement/prepareCall/createStatement: returns true if the exit must report. The
     * {@code state} arguments of the hooks below are what woven code read from the object's own state
     * field ({@link State#NO_FIELD} for a class without one): no dispatch through {@link StateHolder}.
     */
    public static boolean prepareEnter(Object connection, Object state) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[PREPARE]) {
            return false;
        }
        try {
            return s.prepareEnter(connection, state);
        } catch (Throwable t) {
            failed(PREPARE, t);
            return false;
        }
    }

    /**
     * Exit of prepareStatement/prepareCall/createStatement: {@code statement} is the statement returned, or
     * null when the call threw.
     */
    public static void prepareExit(Object statement, boolean entered, Object connection, Object state, String sql,
                                   boolean prepared) {
        if (!entered) {
            return;
        }
        JdbcSink s = jdbc();
        if (s == null) {
            return;
        }
        try {
            s.prepareExit(connection, state, statement, sql, prepared);
        } catch (Throwable t) {
            failed(PREPARE, t);
        }
    }

    // ---- execution ----

    public static long executeEnter(Object statement, Object state, String sql) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[EXECUTE]) {
            return NOT_TRACED;
        }
        try {
            return s.executeEnter(statement, state, sql);
        } catch (Throwable t) {
            failed(EXECUTE, t);
            return NESTED;
        }
    }

    /**
     * Exit of an execution. {@code outcome} is what the woven code has at hand: the result set an
     * {@code executeQuery} returned, the exception the call threw, or null.
     */
    public static void executeExit(Object outcome, Object statement, Object state, String sql, long start,
                                   boolean batch) {
        if (start == NOT_TRACED) {
            return;
        }
        JdbcSink s = jdbc();
        if (s == null) {
            return;
        }
        try {
            Throwable error = outcome instanceof Throwable ? (Throwable) outcome : null;
            s.executeExit(statement, state, sql, start, error == null ? outcome : null, error, batch);
        } catch (Throwable t) {
            failed(EXECUTE, t);
        }
    }

    public static void addBatch(Object statement, String sql) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[EXECUTE]) {
            return;
        }
        try {
            s.addBatch(statement, sql);
        } catch (Throwable t) {
            failed(EXECUTE, t);
        }
    }

    public static void clearBatch(Object statement) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[EXECUTE]) {
            return;
        }
        try {
            s.clearBatch(statement);
        } catch (Throwable t) {
            failed(EXECUTE, t);
        }
    }

    public static void maxRows(Object statement, long maxRows) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[EXECUTE]) {
            return;
        }
        try {
            s.maxRows(statement, maxRows);
        } catch (Throwable t) {
            failed(EXECUTE, t);
        }
    }

    public static void fetchSize(Object statement, int fetchSize) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[EXECUTE]) {
            return;
        }
        try {
            s.fetchSize(statement, fetchSize);
        } catch (Throwable t) {
            failed(EXECUTE, t);
        }
    }

    public static void closeStatement(Object statement, Object state) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[EXECUTE]) {
            return;
        }
        try {
            s.closeStatement(statement, state);
        } catch (Throwable t) {
            failed(EXECUTE, t);
        }
    }

    // ---- parameters: only a hash of each value is taken ----

    public static void bind(Object statement, Object state, int index, long valueHash) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[BIND]) {
            return;
        }
        try {
            s.bind(statement, state, index, valueHash);
        } catch (Throwable t) {
            failed(BIND, t);
        }
    }

    public static void bindDouble(Object statement, Object state, int index, double value) {
        bind(statement, state, index, Double.doubleToLongBits(value));
    }

    public static void bindObject(Object statement, Object state, int index, Object value) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[BIND]) {
            return;
        }
        try {
            s.bind(statement, state, index, value == null ? 0x9E3779B97F4A7C15L : value.hashCode());
        } catch (Throwable t) {
            failed(BIND, t);
        }
    }

    public static void clearParameters(Object statement) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[BIND]) {
            return;
        }
        try {
            s.clearParameters(statement);
        } catch (Throwable t) {
            failed(BIND, t);
        }
    }

    // ---- result sets ----

    /** Exit of {@code getResultSet()}. */
    public static void resultSet(Object resultSet, Object statement) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[RESULT_SET] || resultSet == null) {
            return;
        }
        try {
            s.resultSet(statement, resultSet);
        } catch (Throwable t) {
            failed(RESULT_SET, t);
        }
    }

    /**
     * The state woven code handed a result set's hook: its field's value, or, for a class without the field,
     * the object's state looked up ({@link State#NO_FIELD}); null when that lookup failed.
     */
    private static Object followedState(Object resultSet, Object state) {
        if (state != State.NO_FIELD) {
            return state;
        }
        try {
            return State.get(resultSet);
        } catch (Throwable t) {
            failed(RESULT_SET, t);
            return null;
        }
    }

    /**
     * Woven before a getter's enter hook: whether its result set may still want its columns sampled, from the
     * result set's own {@link SampledHolder} flag (false for a class without it, whose hooks then look its
     * state up). Past the sampled rows of a followed result, and on a result set no statement follows, this is
     * all a getter's woven code does.
     */
    public static boolean columnsPending(boolean sampled) {
        return !sampled;
    }

    /**
     * Enter of a getter, woven behind {@link #columnsPending}: a token for {@link #getterExit}, or null when
     * the call is not followed.
     */
    public static Object getterEnter(Object resultSet, Object state) {
        if (state == null) { // no statement follows it: see column()
            SampledHolder.set(resultSet, true);
            return null;
        }
        JdbcSink s = jdbc();
        if (s == null || DISABLED[RESULT_SET]) {
            return null;
        }
        try {
            return s.columnEnter(resultSet, state);
        } catch (Throwable t) {
            failed(RESULT_SET, t);
            return null;
        }
    }

    /**
     * Each return of {@code next()}, with what it returned and the result set's state: its {@link Followed}
     * counters when its statement follows it (no sink call: see {@link Followed}), null for an inner delegate
     * of a pool's proxy. No enter hook and no depth: an override calling {@code super.next()} is not woven.
     */
    public static void nextExit(boolean hasRow, Object resultSet, Object state) {
        if (state instanceof Followed) {
            ((Followed) state).nextExit(resultSet, hasRow);
        } else if (state == State.NO_FIELD) {
            Object s = followedState(resultSet, state);
            if (s instanceof Followed && !DISABLED[RESULT_SET]) {
                ((Followed) s).nextExit(resultSet, hasRow);
            }
        }
    }

    /**
     * A getter by index, woven behind {@link #columnsPending} as one call at its start: no token, no exit.
     * Reading a column twice sets its bit twice, so a subclass's getter calling its superclass's needs no
     * depth; one inside a getter by label (pgjdbc's and MariaDB's look the index up and call the getter by
     * index) is left to the outer one, which counts the label.
     *
     * <p>A result set whose state field is empty has no statement following it (a pool's inner delegate, whose
     * proxy is the one followed) and nothing to record on any row: its flag is set, so that its getters' guards
     * stop there until a statement follows it (setting its state clears the flag). Through a pool, every
     * getter of every row otherwise called two hooks, the proxy's and the delegate's: 18-40 µs of the demo's
     * 20,000-row export (~630 µs), measured in one JVM alternating with and without.
     */
    public static void column(Object resultSet, Object state, int index) {
        if (state == null) {
            SampledHolder.set(resultSet, true);
            return;
        }
        Object s = followedState(resultSet, state);
        if (s instanceof Followed && !DISABLED[RESULT_SET]) {
            ((Followed) s).column(resultSet, index);
        }
    }

    public static void getterExit(Object token, Object resultSet, String label) {
        if (token == null) {
            return;
        }
        JdbcSink s = jdbc();
        if (s == null) {
            return;
        }
        try {
            s.columnExit(token, resultSet, label);
        } catch (Throwable t) {
            failed(RESULT_SET, t);
        }
    }

    public static void closeResultSet(Object resultSet, Object state) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[RESULT_SET]) {
            return;
        }
        try {
            s.closeResultSet(resultSet, state);
        } catch (Throwable t) {
            failed(RESULT_SET, t);
        }
    }

    // ---- transactions ----

    public static void autoCommit(Object connection, boolean autoCommit) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[TRANSACTION]) {
            return;
        }
        try {
            s.autoCommit(connection, autoCommit);
        } catch (Throwable t) {
            failed(TRANSACTION, t);
        }
    }

    public static void endTransaction(Object connection, Object state, boolean committed) {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[TRANSACTION]) {
            return;
        }
        try {
            s.endTransaction(connection, state, committed);
        } catch (Throwable t) {
            failed(TRANSACTION, t);
        }
    }

    // ---- data sources ----

    public static long getConnectionEnter() {
        JdbcSink s = jdbc();
        if (s == null || DISABLED[DATASOURCE]) {
            return NOT_TRACED;
        }
        try {
            return s.enter() == 1 ? System.nanoTime() : NESTED;
        } catch (Throwable t) {
            failed(DATASOURCE, t);
            return NOT_TRACED;
        }
    }

    public static void getConnectionExit(long start, boolean failed) {
        if (start == NOT_TRACED) {
            return;
        }
        JdbcSink s = jdbc();
        if (s == null) {
            return;
        }
        try {
            s.exit();
            if (start != NESTED) {
                s.connectionWait(System.nanoTime() - start, failed);
            }
        } catch (Throwable t) {
            failed(DATASOURCE, t);
        }
    }

    // ---- units of work (public API and servlets) ----

    public static Object beginUnitOfWork(String name) {
        WorkSink w = work();
        if (w == null || DISABLED[WORK]) {
            return null;
        }
        try {
            return w.beginExplicit(name);
        } catch (Throwable t) {
            failed(WORK, t);
            return null;
        }
    }

    public static void endUnitOfWork(Object token) {
        WorkSink w = work();
        if (w == null || token == null) {
            return;
        }
        try {
            w.endExplicit(token);
        } catch (Throwable t) {
            failed(WORK, t);
        }
    }

    /** Enter of {@code HttpServlet.service(ServletRequest, ServletResponse)}: a token for the exit, or null. */
    public static Object servletEnter(Object servlet, Object request) {
        ServletSink v = servlet();
        if (v == null || DISABLED[SERVLET]) {
            return null;
        }
        try {
            return v.enter(servlet, request);
        } catch (Throwable t) {
            failed(SERVLET, t);
            return null;
        }
    }

    /** Exit of the servlet call; {@code error} is what it threw, or null. */
    public static void servletExit(Object error, Object token, Object servlet, Object request, Object response) {
        ServletSink v = servlet();
        if (v == null || token == null) {
            return;
        }
        try {
            v.exit(token, servlet, request, response, error instanceof Throwable ? (Throwable) error : null);
        } catch (Throwable t) {
            failed(SERVLET, t);
        }
    }
}
