package io.querylens.instrument.jdbc;

import io.querylens.bootstrap.JdbcSink;
import io.querylens.bootstrap.State;
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

/**
 * Turns JDBC calls into statement events: fingerprint (cached, computed once at prepare time), timing,
 * parameter hash, rows and columns read. Calls {@link StatsRegistry} and {@link WorkTracker} directly.
 *
 * <p>Hot path: no allocation except one {@link StatementState} per statement created, no locks, no logging.
 * The few JDBC calls the agent makes itself (the connection URL once per connection, the column count
 * once per fingerprint, {@code isLast()} when a result is closed early) run with the depth guard raised, so
 * whatever SQL a driver runs inside them is neither counted nor instrumented again.
 */
public final class JdbcEventSink implements JdbcSink {
    private final Fingerprints fingerprints;
    private final StatsRegistry stats;
    private final WorkTracker work;

    public JdbcEventSink(Fingerprints fingerprints, StatsRegistry stats, WorkTracker work) {
        this.fingerprints = fingerprints;
        this.stats = stats;
        this.work = work;
    }

    @Override
    public int enter() {
        return ++work.context().depth;
    }

    @Override
    public int exit() {
        ThreadContext ctx = work.context();
        int d = ctx.depth;
        ctx.depth = d > 0 ? d - 1 : 0;
        return d;
    }

    // ---- statements ----

    @Override
    public void prepared(Object connection, Object statement, String sql) {
        State.set(statement, new StatementState(fingerprints.of(sql), db(connection)));
    }

    @Override
    public void created(Object connection, Object statement) {
        State.set(statement, new StatementState(null, db(connection)));
    }

    private StatementState state(Object statement) {
        Object s = State.get(statement);
        if (s instanceof StatementState) {
            return (StatementState) s;
        }
        // created before the agent started, or by a path the agent does not see: learn it now
        StatementState created = new StatementState(null, DbInfo.UNKNOWN);
        try {
            ThreadContext ctx = work.context();
            ctx.depth++;
            try {
                created = new StatementState(null, db(((java.sql.Statement) statement).getConnection()));
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
    public long executeStart(Object statement, String sql) {
        StatementState st = state(statement);
        if (st.resultSet != null) {
            finishResult(st, true);
        }
        if (sql != null) {
            st.fingerprint = fingerprints.of(sql);
        }
        return System.nanoTime();
    }

    @Override
    public void executeEnd(Object statement, String sql, long startNanos, Object resultSet, Throwable error,
                           boolean batch) {
        long duration = System.nanoTime() - startNanos;
        StatementState st = state(statement);
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
        stats.record(fp, st.db, duration, error != null);
        // a plain statement's "parameters" are its literals: the SQL text tells executions apart
        long bindHash = sql != null ? sql.hashCode() : st.bindHash;
        st.bindsConsumed = true;
        work.executed(work.context(), fp, st.db, startNanos, duration, bindHash, batchSize, errorType);
        if (resultSet != null && error == null) {
            link(st, resultSet, fp);
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

    private void link(StatementState st, Object resultSet, Fingerprint fp) {
        if (st.resultSet != null && st.resultSet != resultSet) {
            finishResult(st, true);
        }
        st.openResult(resultSet, fp);
        State.set(resultSet, st);
    }

    @Override
    public void addBatch(Object statement, String sql) {
        StatementState st = state(statement);
        st.batchCount++;
        if (sql != null && st.batchFingerprint == null) {
            st.batchFingerprint = fingerprints.of(sql);
        }
    }

    @Override
    public void clearBatch(Object statement) {
        StatementState st = state(statement);
        st.batchCount = 0;
        st.batchFingerprint = null;
    }

    @Override
    public void bind(Object statement, int index, long valueHash) {
        state(statement).bind(index, valueHash);
    }

    @Override
    public void clearParameters(Object statement) {
        StatementState st = state(statement);
        st.bindHash = 0;
        st.bindsConsumed = false;
    }

    @Override
    public void maxRows(Object statement, long maxRows) {
        state(statement).maxRows = maxRows;
    }

    @Override
    public void fetchSize(Object statement, int fetchSize) {
        state(statement).fetchSize = fetchSize;
    }

    @Override
    public void resultSet(Object statement, Object resultSet) {
        Object s = State.get(statement);
        if (s instanceof StatementState) {
            StatementState st = (StatementState) s;
            if (st.resultSet != resultSet && st.fingerprint != null) {
                link(st, resultSet, st.fingerprint);
            }
        }
    }

    @Override
    public void closeStatement(Object statement) {
        Object s = State.get(statement);
        if (s instanceof StatementState) {
            StatementState st = (StatementState) s;
            if (st.resultSet != null) {
                finishResult(st, true);
            }
        }
    }

    // ---- result sets ----

    private static StatementState resultState(Object resultSet) {
        Object s = State.get(resultSet);
        if (s instanceof StatementState) {
            StatementState st = (StatementState) s;
            if (st.resultSet == resultSet) {
                return st;
            }
        }
        return null;
    }

    @Override
    public void next(Object resultSet, boolean hasRow) {
        StatementState st = resultState(resultSet);
        if (st != null) {
            st.lastNextHadRow = hasRow;
            if (hasRow) {
                st.rows++;
            } else {
                st.exhausted = true;
            }
        }
    }

    @Override
    public void column(Object resultSet, int index) {
        StatementState st = resultState(resultSet);
        if (st != null) {
            st.columnMask |= index >= 1 && index <= 63 ? 1L << (index - 1) : 1L << 63;
        }
    }

    @Override
    public void column(Object resultSet, String label) {
        StatementState st = resultState(resultSet);
        if (st != null && label != null) {
            // a label maps to one of 63 bits: distinct labels may share a bit, which can only undercount
            st.columnMask |= 1L << ((label.toLowerCase().hashCode() & 0x7fffffff) % 63);
        }
    }

    @Override
    public void closeResultSet(Object resultSet) {
        StatementState st = resultState(resultSet);
        if (st != null) {
            finishResult(st, true);
        }
    }

    /**
     * The current result of {@code st} is done: report rows and columns read. {@code stillOpen} means the
     * result set can still be asked whether rows remained.
     */
    private void finishResult(StatementState st, boolean stillOpen) {
        Object rs = st.resultSet;
        Fingerprint fp = st.resultFingerprint;
        st.clearResult();
        if (fp == null) {
            return;
        }
        int remained;
        if (st.exhausted) {
            remained = 0;
        } else if (!st.lastNextHadRow || !stillOpen || !(rs instanceof ResultSet)) {
            remained = -1;
        } else {
            remained = rowsRemained((ResultSet) rs);
        }
        int columns = fp.columnCount();
        if (columns < 0 && stillOpen && rs instanceof ResultSet && st.rows > 0) {
            columns = columnCount((ResultSet) rs);
            fp.columnCount(columns);
        }
        boolean limited = st.maxRows > 0 || fp.analysis().hasLimit;
        stats.recordRows(fp, st.rows);
        work.resultRead(work.context(), fp, st.rows, st.columnMask, columns, remained, limited, st.fetchSize);
    }

    private int rowsRemained(ResultSet rs) {
        ThreadContext ctx = work.context();
        ctx.depth++;
        try {
            return rs.isLast() ? 0 : 1;
        } catch (Throwable unsupported) {
            return -1;
        } finally {
            ctx.depth--;
        }
    }

    private int columnCount(ResultSet rs) {
        ThreadContext ctx = work.context();
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

    private DbInfo db(Object connection) {
        if (connection == null) {
            return DbInfo.UNKNOWN;
        }
        Object s = State.get(connection);
        if (s instanceof ConnectionState) {
            return ((ConnectionState) s).db;
        }
        DbInfo db = DbInfo.UNKNOWN;
        ThreadContext ctx = work.context();
        ctx.depth++;
        try {
            db = DbInfos.intern(((Connection) connection).getMetaData().getURL());
        } catch (Throwable unavailable) {
            // keep UNKNOWN
        } finally {
            ctx.depth--;
        }
        State.set(connection, new ConnectionState(db));
        return db;
    }

    @Override
    public void autoCommit(Object connection, boolean autoCommit) {
        ThreadContext ctx = work.context();
        if (autoCommit) {
            work.autoCommitRestored(ctx);
        } else {
            work.transactionBegin(ctx);
        }
    }

    @Override
    public void endTransaction(Object connection, boolean committed) {
        work.transactionEnd(work.context(), committed);
    }

    @Override
    public void connectionWait(long nanos, boolean failed) {
        stats.recordConnectionWait(nanos, failed);
    }
}
