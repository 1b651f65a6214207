package io.querylens.bootstrap;

/**
 * What the JDBC advice reports, implemented inside the agent's class loader. {@link Hooks} forwards to it.
 * Every method is called on the application's thread, must be cheap, must not allocate on the common
 * path and must not throw (Hooks catches, as a second line of defence).
 *
 * <p>Wrapped objects (pool proxies around driver objects) are counted once: the enter and exit methods
 * keep a per-thread depth, and only the outermost call of an execute or prepare is reported; calls on a
 * result set keep their depth on the result set's state.
 *
 * <p>A {@code state} argument is the value of the object's own state field, which woven code reads and
 * passes, or {@link State#NO_FIELD} when its class has none (see {@link State#of}).
 */
public interface JdbcSink {
    /** Increments this thread's JDBC call depth and returns it; 1 means outermost (data sources). */
    int enter();

    /** Decrements this thread's JDBC call depth and returns the depth it had: 1 means outermost. */
    int exit();

    /** Enter of {@code prepareStatement/prepareCall/createStatement} on {@code connection}: raises the depth. */
    boolean prepareEnter(Object connection, Object state);

    /**
     * Exit of the same: lowers the depth and, at the outermost level, follows {@code statement}
     * ({@code prepared}: for {@code sql}; else a plain statement, {@code sql} null).
     */
    void prepareExit(Object connection, Object state, Object statement, String sql, boolean prepared);

    /**
     * An execute method is starting ({@code sql} null for a prepared statement): raises the depth and
     * returns the start time, or {@link Hooks#NESTED} when it runs inside another traced call.
     */
    long executeEnter(Object statement, Object state, String sql);

    /**
     * An execute method returned (or threw {@code error}): lowers the depth and, unless {@code startNanos}
     * is {@link Hooks#NESTED}, reports it. {@code resultSet} is the returned result set of
     * {@code executeQuery}, else null; {@code batch} is true for {@code executeBatch/executeLargeBatch}.
     */
    void executeExit(Object statement, Object state, String sql, long startNanos, Object resultSet, Throwable error,
                     boolean batch);

    void addBatch(Object statement, String sql);

    void clearBatch(Object statement);

    /** A parameter was bound; only a hash of the value is kept, never the value. */
    void bind(Object statement, Object state, int index, long valueHash);

    void clearParameters(Object statement);

    void maxRows(Object statement, long maxRows);

    void fetchSize(Object statement, int fetchSize);

    /** {@code Statement.getResultSet()} returned {@code resultSet}. */
    void resultSet(Object statement, Object resultSet);

    /**
     * Enter of a getter by label on {@code resultSet}: a token for the exit when the agent follows that result
     * set (the nesting is counted on it, so that a getter calling another counts once), but null once enough
     * rows have been read to know which columns the application uses, so long results stop paying for column
     * tracking. ({@code next()} is counted without the sink: see {@link Followed}.)
     */
    Object columnEnter(Object resultSet, Object state);

    /** Exit of a getter by column label. */
    void columnExit(Object token, Object resultSet, String label);

    void closeResultSet(Object resultSet, Object state);

    void closeStatement(Object statement, Object state);

    void autoCommit(Object connection, boolean autoCommit);

    void endTransaction(Object connection, Object state, boolean committed);

    /** {@code DataSource.getConnection} took {@code nanos}. */
    void connectionWait(long nanos, boolean failed);
}
