package io.querylens.work;

import io.querylens.bootstrap.WorkSink;
import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;

/**
 * Routes statement events to the current unit of work of each thread. STUB: to be implemented (see the
 * work/detect task).
 */
public final class WorkTracker implements WorkSink {
    private final ThreadLocal<ThreadContext> contexts = ThreadLocal.withInitial(ThreadContext::new);

    public ThreadContext context() {
        return contexts.get();
    }

    /** A statement (or batch) finished executing on this thread. */
    public void executed(ThreadContext ctx, Fingerprint fp, DbInfo db, long startNanos, long durationNanos,
                         long bindHash, int batchSize, String errorType) {
    }

    /**
     * The result of an execution of {@code fp} was closed (or abandoned): {@code rows} read with
     * {@code next()}, the columns read as a bit mask (bit i = column i+1, bit 63 = any beyond), the columns
     * the result had (-1 unknown), whether rows remained unread (1 yes, 0 no, -1 unknown), whether the
     * statement limited its rows (SQL LIMIT or setMaxRows) and the fetch size set on it (0 = default).
     */
    public void resultRead(ThreadContext ctx, Fingerprint fp, long rows, long columnMask, int columnCount,
                           int rowsRemained, boolean limited, int fetchSize) {
    }

    public void transactionBegin(ThreadContext ctx) {
    }

    public void transactionEnd(ThreadContext ctx, boolean committed) {
    }

    @Override
    public Object beginExplicit(String name) {
        return null;
    }

    @Override
    public void endExplicit(Object token) {
    }

    @Override
    public Object beginRequest(String method, String path, String traceparent) {
        return null;
    }

    @Override
    public void route(String route) {
    }

    @Override
    public void endRequest(Object token, int status, Throwable error) {
    }
}
