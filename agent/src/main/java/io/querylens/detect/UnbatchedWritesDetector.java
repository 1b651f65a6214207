package io.querylens.detect;

/**
 * {@code UNBATCHED_WRITES}: one INSERT, UPDATE or DELETE runs row by row, again and again, in one unit of
 * work where {@code addBatch}/{@code executeBatch} would send them together. An execution of a batch of
 * two or more does not count.
 *
 * <p>Raised when the fingerprint's single executions reach {@code minSingleWrites}. Repetitions: its
 * single executions in the unit.
 */
public final class UnbatchedWritesDetector {
    private final int minSingleWrites;

    public UnbatchedWritesDetector(int minSingleWrites) {
        this.minSingleWrites = Math.max(2, minSingleWrites);
    }

    /** A write of entry {@code e} ran as a batch of {@code batchSize} (1 when not batched). */
    public boolean afterWrite(UnitStats u, int e, int batchSize) {
        if (batchSize > 1) {
            return false;
        }
        return u.bump(e, Types.UNBATCHED_WRITES) == minSingleWrites;
    }

    public int repetitions(UnitStats u, int e) {
        return u.counter(e, Types.UNBATCHED_WRITES);
    }
}
