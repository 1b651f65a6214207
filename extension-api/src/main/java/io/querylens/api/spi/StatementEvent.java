package io.querylens.api.spi;

/**
 * A statement seen by a {@link Detector}. Valid only during the call; literals and bind values are absent.
 * In {@link Detector#onResult} only the statement's identity, {@link #rowsRead()},
 * {@link #executionsInUnit()} and {@link #unitOfWork()} are known: the duration is -1, the batch size 1
 * and the parameter hash 0.
 */
public interface StatementEvent {
    /** The fingerprint: 16 hex digits. */
    String fingerprint();

    /** The normalized statement ({@code ?} in place of literals). */
    String sql();

    /** {@code SELECT}, {@code INSERT}, ... or null. */
    String operation();

    /** {@code db.query.summary}, e.g. {@code SELECT orders}. */
    String summary();

    long durationNanos();

    /** Rows read from the result: set in {@link Detector#onResult}, -1 in {@link Detector#onStatement}. */
    long rowsRead();

    /** Statements in the batch, 1 when not batched. */
    int batchSize();

    boolean failed();

    /** A hash of the bound parameter values, to compare executions; never the values. */
    long parameterHash();

    /**
     * How many times this fingerprint has run in the current unit of work, this one included (0 when the
     * unit tracks too many distinct statements to count it).
     */
    int executionsInUnit();

    /** The current unit of work's name. */
    String unitOfWork();
}
