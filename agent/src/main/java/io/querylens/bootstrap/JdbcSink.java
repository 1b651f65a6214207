package io.querylens.bootstrap;

/**
 * What the JDBC advice reports, implemented inside the agent's class loader. {@link Hooks} forwards to it.
 * Every method is called on the application's thread, must be cheap, must not allocate on the common
 * path and must not throw (Hooks catches, as a second line of defence).
 *
 * <p>Wrapped objects (pool proxies around driver objects) are counted once: {@link #enter()} and
 * {@link #exit()} keep a per-thread depth, and only the outermost call of an execute, prepare or getter is
 * reported.
 */
public interface JdbcSink {
    /** Increments this thread's JDBC call depth and returns it; 1 means outermost. */
    int enter();

    /** Decrements this thread's JDBC call depth and returns the depth it had: 1 means outermost. */
    int exit();

    /** {@code Connection.prepareStatement/prepareCall} returned {@code statement} for {@code sql}. */
    void prepared(Object connection, Object statement, String sql);

    /** {@code Connection.createStatement} returned {@code statement}. */
    void created(Object connection, Object statement);

    /** An execute method is starting; {@code sql} is null for a prepared statement. Returns the start time. */
    long executeStart(Object statement, String sql);

    /**
     * An execute method returned (or threw {@code error}). {@code resultSet} is the returned result set of
     * {@code executeQuery}, else null; {@code batch} is true for {@code executeBatch/executeLargeBatch}.
     */
    void executeEnd(Object statement, String sql, long startNanos, Object resultSet, Throwable error, boolean batch);

    void addBatch(Object statement, String sql);

    void clearBatch(Object statement);

    /** A parameter was bound; only a hash of the value is kept, never the value. */
    void bind(Object statement, int index, long valueHash);

    void clearParameters(Object statement);

    void maxRows(Object statement, long maxRows);

    void fetchSize(Object statement, int fetchSize);

    /** {@code Statement.getResultSet()} returned {@code resultSet}. */
    void resultSet(Object statement, Object resultSet);

    void next(Object resultSet, boolean hasRow);

    void column(Object resultSet, int index);

    void column(Object resultSet, String label);

    void closeResultSet(Object resultSet);

    void closeStatement(Object statement);

    void autoCommit(Object connection, boolean autoCommit);

    void endTransaction(Object connection, boolean committed);

    /** {@code DataSource.getConnection} took {@code nanos}. */
    void connectionWait(long nanos, boolean failed);
}
