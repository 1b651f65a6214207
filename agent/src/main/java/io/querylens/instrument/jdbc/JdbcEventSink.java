package io.querylens.instrument.jdbc;

import io.querylens.bootstrap.Hooks;
import io.querylens.bootstrap.JdbcSink;
import io.querylens.bootstrap.State;
import io.querylens.bootstrap.StateHolder;
import io.querylens.sql.DbInfo;
import io.querylens.sql.DbInfos;
import io.querylens.sql.Fingerprint;
import io.querylens.sql.Fingerprints;
import io.querylens.stats.StatsRegistry;
import io.querylens.work.ThreadContext;
import io.querylens.work.WorkTracker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns JDBC calls into statement events: fingerprint (cached, computed once at prepare time), timing,
 * parameter hash, rows and columns read, handed to {@link WorkTracker}, which also counts them in the
 * {@link StatsRegistry} (connection waits come here directly).
 *
 * <p>Hot path: no allocation (a closed statement's {@link StatementState} is reused by the thread's next
 * one), no locks, no logging, and no {@code ThreadLocal} lookup while a connection and its statements stay
 * on one thread: the thread's context is cached on the connection's and statement's state. Before, a
 * prepared lookup read fully cost 16 lookups; the calls on a result set now keep their nesting depth on
 * the statement's state instead of the thread's.
 * The few JDBC calls the agent makes itself (the connection URL once per connection, the column count
 * once per fingerprint, {@code isLast()} when a result is closed early) run with the depth guard raised, so
 * whatever SQL a driver runs inside them is neither counted nor instrumented again.
 */
public final class JdbcEventSink implements JdbcSink {
    private static final AtomicLong LEARNED = new AtomicLong();
    private final Fingerprints fingerprints;
    private final StatsRegistry stats;
    private final WorkTracker work;

    public JdbcEventSink(Fingerprints fingerprints, StatsRegistry stats, WorkTracker work) {
        this.fingerprints = fingerprints;
        this.stats = stats;
        this.work = work;
    }

    // ---- the thread's context, found without a ThreadLocal lookup when the object is used by one thread ----

    /** This thread's context, cached on {@code st}: a field read and an owner check, not a lookup. */
    private ThreadContext ctx(StatementState st) {
        ThreadContext c = st.ctx;
        if (c == null || c.owner != Thread.currentThread()) {
            c = work.context();
            st.ctx = c;
        }
        return c;
    }

    private ThreadContext ctx(ConnectionState cs) {
        ThreadContext c = cs.ctx;
        if (c == null || c.owner != Thread.currentThread()) {
            c = work.context();
            cs.ctx = c;
        }
        return c;
    }

    private static ConnectionState connectionState(Object connection) {
        return connectionState(connection, State.NO_FIELD);
    }

    /** As above, with the connection's state field as woven code passed it. */
    private static ConnectionState connectionState(Object connection, Object state) {
        Object s = State.of(connection, state);
        if (s instanceof ConnectionState) {
            return (ConnectionState) s;
        }
        ConnectionState cs = new ConnectionState();
        State.set(connection, cs);
        return cs;
    }

    private static int decrement(ThreadContext ctx) {
        int d = ctx.depth;
        ctx.depth = d > 0 ? d - 1 : 0;
        return d;
    }

    @Override
    public int enter() {
        return ++work.context().depth;
    }

    @Override
    public int exit() {
        return decrement(work.context());
    }

    // ---- statements ----

    @Override
    public boolean prepareEnter(Object connection, Object state) {
        ThreadContext ctx = ctx(connectionState(connection, state));
        if (++ctx.depth == 1) {
            ctx.innerDb = null; // only a prepare inside this one may leave its database: see prepareExit
        }
        return true;
    }

    @Override
    public void prepareExit(Object connection, Object state, Object statement, String sql, boolean prepared) {
        ConnectionState cs = connectionState(connection, state);
        ThreadContext ctx = ctx(cs);
        int d = decrement(ctx);
        if (d > 1) {
            // inside another prepare: a pool's driver connection inside its proxy's (the innermost exits first;
            // the proxy's own class, when its method calls a woven super method, does not know the database)
            DbInfo db = cs.db;
            if (db != null) {
                ctx.innerDb = db;
            }
            return;
        }
        if (d == 1 && statement != null) {
            StatementState st = newState(ctx, prepared ? fingerprint(ctx, sql) : null,
                    db(cs, connection, ctx, ctx.innerDb));
            if (st.ctx != ctx) { // a state reused on this thread keeps it: see StatementState.reset
                st.ctx = ctx;
            }
            State.set(statement, st);
        }
    }

    /**
     * The fingerprint of {@code sql}, from the thread's few last texts when it is one of them by identity:
     * applications, pools and ORMs pass the same string objects again and again. A hit reads the string's
     * cached hash and one line of the thread's context, where the registry's map reads its table and a node.
     */
    private Fingerprint fingerprint(ThreadContext ctx, String sql) {
        if (sql == null) {
            return fingerprints.of(null);
        }
        if (ctx.lastSql == sql) {
            return (Fingerprint) ctx.lastFingerprint;
        }
        Object[] cache = ctx.sqlCache;
        int i = (sql.hashCode() & (ThreadContext.SQL_CACHE - 1)) << 1;
        Fingerprint fp;
        if (cache[i] == sql) {
            fp = (Fingerprint) cache[i + 1];
        } else {
            fp = fingerprints.of(sql);
            if (!fingerprints.cacheable(sql)) {
                return fp;
            }
            cache[i] = sql;
            cache[i + 1] = fp;
        }
        ctx.lastSql = sql;
        ctx.lastFingerprint = fp;
        return fp;
    }

    /**
     * A state object for a new statement: a closed statement's from this thread if there is one. The spare's
     * slot keeps pointing to it (only the count says which slots are spare), so that the statement's close
     * usually puts it back without a reference write (see {@link StatementState#reset}).
     */
    private static StatementState newState(ThreadContext ctx, Fingerprint fp, DbInfo db) {
        if (ctx.firstSpareFree) {
            ctx.firstSpareFree = false;
            StatementState st = (StatementState) ctx.firstSpare;
            st.reset(fp, db);
            return st;
        }
        int n = ctx.spareStatementCount;
        if (n > 0) {
            ctx.spareStatementCount = n - 1;
            StatementState st = (StatementState) ctx.spareStatements[n - 1];
            st.reset(fp, db);
            return st;
        }
        return new StatementState(fp, db);
    }

    /** Statements that learned a state at their first execution (see {@link #learn}): the report's count. */
    public static long learned() {
        return LEARNED.get();
    }

    private static StatementState stateOrNull(Object statement) {
        return stateOrNull(statement, State.NO_FIELD);
    }

    /** The statement's state from its state field as woven code passed it, or looked up; null if none. */
    private static StatementState stateOrNull(Object statement, Object state) {
        Object s = State.of(statement, state);
        return s instanceof StatementState ? (StatementState) s : null;
    }

    /**
     * The state of a statement created before the agent started (or before its core was ready), at its first
     * execution: binds before it are not seen.
     */
    private StatementState learn(Object statement, ThreadContext ctx) {
        LEARNED.incrementAndGet();
        StatementState created = new StatementState(null, DbInfo.UNKNOWN);
        created.ctx = ctx;
        try {
            ctx.depth++;
            try {
                Object connection = ((java.sql.Statement) statement).getConnection();
                if (connection != null) {
                    created.db = db(connectionState(connection), connection, ctx, null);
                }
            } finally {
                ctx.depth--;
            }
        } catch (Throwable ignored) {
            // keep UNKNOWN
        }
        State.set(statement, created);
        return created;
    }

    @Override
    public long executeEnter(Object statement, Object state, String sql) {
        StatementState st = stateOrNull(statement, state);
        // a wrapper's delegate has no state of its own: it costs the lookup by thread
        ThreadContext ctx = st != null ? ctx(st) : work.context();
        if (++ctx.depth != 1) {
            return Hooks.NESTED;
        }
        if (st == null) {
            st = learn(statement, ctx);
        }
        if (st.result != null) {
            finishResult(st, ctx, true);
        }
        if (sql != null) {
            st.fingerprint = fingerprint(ctx, sql);
        }
        return System.nanoTime();
    }

    @Override
    public void executeExit(Object statement, Object state, String sql, long startNanos, Object resultSet,
                            Throwable error, boolean batch) {
        long end = System.nanoTime();
        StatementState st = stateOrNull(statement, state);
        ThreadContext ctx = st != null ? ctx(st) : work.context();
        decrement(ctx);
        if (startNanos == Hooks.NESTED) {
            return;
        }
        if (st == null) {
            st = learn(statement, ctx);
        }
        long duration = end - startNanos;
        Fingerprint fp;
        int batchSize = 1;
        if (batch) {
            fp = st.batchFingerprint != null ? st.batchFingerprint : st.fingerprint;
            batchSize = Math.max(1, st.batchCount);
            st.batchCount = 0;
            st.batchFingerprint = null;
        } else {
            fp = st.fingerprint;
        }
        if (fp == null) {
            fp = fingerprints.of(null);
        }
        String errorType = error == null ? null : errorType(error);
        // a plain statement's "parameters" are its literals: the SQL text tells executions apart
        long bindHash = sql != null ? sql.hashCode() : st.bindHash;
        st.bindsConsumed = true;
        long entry = work.executed(ctx, fp, st.db, startNanos, duration, bindHash, batchSize, errorType);
        if (resultSet != null && error == null) {
            link(st, ctx, resultSet, fp, entry);
        }
    }

    private static String errorType(Throwable error) {
        if (error instanceof SQLException) {
            String state = ((SQLException) error).getSQLState();
            if (state != null && !state.isEmpty()) {
                return state;
            }
        }
        return error.getClass().getName();
    }

    private void link(StatementState st, ThreadContext ctx, Object resultSet, Fingerprint fp, long entry) {
        if (st.result != null && st.result != resultSet) {
            finishResult(st, ctx, true);
        }
        st.openResult(resultSet, fp, entry);
        State.set(resultSet, st);
    }

    @Override
    public void addBatch(Object statement, String sql) {
        StatementState st = stateOrNull(statement);
        if (st == null) {
            return; // see bind()
        }
        st.batchCount++;
        if (sql != null && st.batchFingerprint == null) {
            st.batchFingerprint = fingerprints.of(sql);
        }
    }

    @Override
    public void clearBatch(Object statement) {
        StatementState st = stateOrNull(statement);
        if (st == null) {
            return;
        }
        st.batchCount = 0;
        st.batchFingerprint = null;
    }

    /**
     * A parameter of a statement that has a state. One without (a pool's inner statement, whose proxy is the
     * one followed and records the same bind; or one prepared before the agent started, which learns a state
     * at its first execution) is left alone: learning a state on its first bind cost each pooled statement a
     * state, {@code getConnection()} and a lookup of its connection's database for nothing. The same holds
     * for its batch and its other settings.
     */
    @Override
    public void bind(Object statement, Object state, int index, long valueHash) {
        StatementState st = stateOrNull(statement, state);
        if (st != null) {
            st.bind(index, valueHash);
        }
    }

    @Override
    public void clearParameters(Object statement) {
        StatementState st = stateOrNull(statement);
        if (st == null) {
            return;
        }
        st.bindHash = 0;
        st.bindsConsumed = false;
    }

    @Override
    public void maxRows(Object statement, long maxRows) {
        StatementState st = stateOrNull(statement);
        if (st != null) {
            st.maxRows = maxRows;
        }
    }

    @Override
    public void fetchSize(Object statement, int fetchSize) {
        StatementState st = stateOrNull(statement);
        if (st != null) {
            st.fetchSize = fetchSize;
        }
    }

    @Override
    public void resultSet(Object statement, Object resultSet) {
        Object s = State.get(statement);
        if (s instanceof StatementState) {
            StatementState st = (StatementState) s;
            if (st.result != resultSet && st.fingerprint != null) {
                link(st, ctx(st), resultSet, st.fingerprint, WorkTracker.NO_ENTRY);
            }
        }
    }

    @Override
    public void closeStatement(Object statement, Object state) {
        StatementState st = stateOrNull(statement, state);
        if (st == null) {
            return;
        }
        ThreadContext own = st.ctx;
        boolean owner = own != null && own.owner == Thread.currentThread();
        ThreadContext ctx = owner ? own : work.context();
        if (st.result != null) {
            finishResult(st, ctx, true);
        }
        // Reuse only from the field (not the fallback table) and only on the thread that used it last: a
        // second close finds no state, and a racing close on another thread does not recycle it too.
        // The state keeps its ctx, this thread's, which it gets again when reused here.
        if (owner && statement instanceof StateHolder) {
            spare(ctx, statement, st);
        }
    }

    /** {@code st}, of a statement closed on its own thread, becomes a spare for the thread's next statement. */
    private static void spare(ThreadContext ctx, Object statement, StatementState st) {
        if (!ctx.firstSpareFree) {
            Object first = ctx.firstSpare;
            if (first == st || first == null) {
                State.set(statement, null);
                if (first == null) {
                    ctx.firstSpare = st;
                }
                ctx.firstSpareFree = true;
                return;
            }
        }
        int n = ctx.spareStatementCount;
        if (n < ctx.spareStatements.length) {
            State.set(statement, null);
            Object[] spares = ctx.spareStatements;
            if (spares[n] != st) {
                spares[n] = st;
            }
            ctx.spareStatementCount = n + 1;
        }
    }

    // ---- result sets ----

    /** The statement state of {@code resultSet} when it is its statement's current result; else null. */
    private static StatementState resultState(Object resultSet, Object state) {
        if (state instanceof StatementState) {
            StatementState st = (StatementState) state;
            if (st.result == resultSet) {
                return st;
            }
        }
        return null;
    }

    @Override
    public Object columnEnter(Object resultSet, Object state) {
        StatementState st = resultState(resultSet, State.of(resultSet, state));
        if (st == null || !st.columnsWanted) {
            return null; // the flag, not a second row test: one place says which rows are sampled
        }
        return st.enter(resultSet);
    }

    @Override
    public void columnExit(Object token, Object resultSet, String label) {
        StatementState st = (StatementState) token;
        if (st.exit(resultSet) && label != null) {
            // a label maps to one of 63 bits: distinct labels may share a bit, which can only undercount
            st.columnMask |= 1L << ((label.toLowerCase().hashCode() & 0x7fffffff) % 63);
        }
    }

    @Override
    public void closeResultSet(Object resultSet, Object state) {
        StatementState st = resultState(resultSet, State.of(resultSet, state));
        if (st != null) {
            finishResult(st, ctx(st), true);
        }
    }

    /**
     * The current result of {@code st} is done: report rows and columns read. {@code stillOpen} means the
     * result set can still be asked whether rows remained.
     */
    private void finishResult(StatementState st, ThreadContext ctx, boolean stillOpen) {
        Object rs = st.result;
        Fingerprint fp = st.resultFingerprint; // stays on the state, meaningless until its next openResult
        st.unfollow(); // the counters (rows, exhausted, columns) stay readable until the next result
        if (rs == null || fp == null) {
            return;
        }
        int remained;
        if (st.exhausted) {
            remained = 0;
        } else if (!st.lastNextHadRow() || !stillOpen || !(rs instanceof ResultSet)) {
            remained = -1;
        } else {
            remained = rowsRemained((ResultSet) rs, ctx);
        }
        int columns = fp.columnCount();
        if (columns < 0 && stillOpen && rs instanceof ResultSet && st.rows > 0) {
            columns = columnCount((ResultSet) rs, ctx);
            fp.columnCount(columns);
        }
        boolean limited = st.maxRows > 0 || fp.hasLimit();
        work.resultRead(ctx, fp, st.resultEntry, st.rows, st.columnMask, columns, remained, limited, st.fetchSize);
    }

    private static int rowsRemained(ResultSet rs, ThreadContext ctx) {
        ctx.depth++;
        try {
            return rs.isLast() ? 0 : 1;
        } catch (Throwable unsupported) {
            return -1;
        } finally {
            ctx.depth--;
        }
    }

    private static int columnCount(ResultSet rs, ThreadContext ctx) {
        ctx.depth++;
        try {
            return rs.getMetaData().getColumnCount();
        } catch (Throwable unsupported) {
            return -1;
        } finally {
            ctx.depth--;
        }
    }

    // ---- connections and transactions ----

    /**
     * The database behind {@code connection}, read once per connection object. A pool hands out a new proxy
     * for every checkout, so the physical connection it wraps keeps the answer: the metadata is read once per
     * physical connection, not once per request. {@code innerDb} is the database the driver connection's
     * prepare inside this one's knew ({@code ThreadContext.innerDb}, see {@link #prepareExit}), or null; else
     * the proxy is asked for the connection it wraps ({@code unwrap}): under the demo's load that call took
     * about 0.7 µs of CPU per checkout.
     */
    private static DbInfo db(ConnectionState cs, Object connection, ThreadContext ctx, DbInfo innerDb) {
        DbInfo db = cs.db;
        if (db != null) {
            return db;
        }
        if (innerDb != null) {
            cs.db = innerDb;
            return innerDb;
        }
        db = DbInfo.UNKNOWN;
        ConnectionState physical = null;
        ctx.depth++;
        try {
            Connection c = (Connection) connection;
            Object inner = unwrap(c);
            if (inner != null && inner != connection) {
                physical = connectionState(inner);
                if (physical.db != null) {
                    cs.db = physical.db;
                    return physical.db;
                }
            }
            db = DbInfos.intern(c.getMetaData().getURL());
        } catch (Throwable unavailable) {
            // keep UNKNOWN
        } finally {
            ctx.depth--;
        }
        cs.db = db;
        if (physical != null && db != DbInfo.UNKNOWN) {
            physical.db = db;
        }
        return db;
    }

    private static Object unwrap(Connection c) {
        try {
            return c.unwrap(Connection.class);
        } catch (Throwable notAWrapper) {
            return null;
        }
    }

    @Override
    public void autoCommit(Object connection, boolean autoCommit) {
        ThreadContext ctx = ctx(connectionState(connection));
        if (autoCommit) {
            work.autoCommitRestored(ctx);
        } else {
            work.transactionBegin(ctx);
        }
    }

    @Override
    public void endTransaction(Object connection, Object state, boolean committed) {
        work.transactionEnd(ctx(connectionState(connection, state)), committed);
    }

    @Override
    public void connectionWait(long nanos, boolean failed) {
        stats.recordConnectionWait(nanos, failed);
    }
}
