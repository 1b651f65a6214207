package io.querylens.detect;

/**
 * {@code LARGE_RESULT}: one result's rows read reach {@code minRows} with no fetch size set, so the driver
 * may hold them all in memory at once. A fetch size says the code streams on purpose and is left alone.
 *
 * <p>Raised at the first such result of a fingerprint in a unit; repetitions: such results in the unit.
 */
public final class LargeResultDetector {
    private final long minRows;

    public LargeResultDetector(long minRows) {
        this.minRows = Math.max(1, minRows);
    }

    public boolean afterResult(UnitStats u, int e, long rows, int fetchSize) {
        return rows >= minRows && fetchSize == 0 && u.bump(e, Types.LARGE_RESULT) == 1;
    }

    public int repetitions(UnitStats u, int e) {
        return u.counter(e, Types.LARGE_RESULT);
    }
}
