package io.querylens.work;

/** One statement execution kept individually in a finished unit of work (the first few per fingerprint). */
public final class Execution {
    public final long startEpochNanos;
    public final long durationNanos;
    /** Rows read from its result, -1 when it returned no result set or the result was not read. */
    public final long rows;
    /** Statements in the batch (1 for a single execution). */
    public final int batchSize;
    /** {@code error.type} (the exception's class name, or the SQLState), null on success. */
    public final String errorType;

    public Execution(long startEpochNanos, long durationNanos, long rows, int batchSize, String errorType) {
        this.startEpochNanos = startEpochNanos;
        this.durationNanos = durationNanos;
        this.rows = rows;
        this.batchSize = batchSize;
        this.errorType = errorType;
    }
}
