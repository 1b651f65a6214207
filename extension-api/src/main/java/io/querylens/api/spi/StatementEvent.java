package io.querylens.api.spi;

/** A statement seen by a {@link Detector}. Valid only during the call; literals and bind values are absent. */
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

    /** Rows read, or -1 when there was no result. */
    long rowsRead();

    /** Statements in the batch, 1 when not batched. */
    int batchSize();

    boolean failed();

    /** A hash of the bound parameter values, to compare executions; never the values. */
    long parameterHash();

    /** How many times this fingerprint has run in the current unit of work, this one included. */
    int executionsInUnit();

    /** The current unit of work's name. */
    String unitOfWork();
}
