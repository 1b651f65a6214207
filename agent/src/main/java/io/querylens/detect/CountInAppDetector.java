package io.querylens.detect;

/**
 * {@code COUNT_IN_APP}: every row of a result was stepped through and no column of any was read — the
 * code only counted them (or tested that there were some), which {@code SELECT COUNT(*)} does in the
 * database. Needs at least {@code minRows} rows, so a small existence check is left alone.
 *
 * <p>Raised at the first such result of a fingerprint in a unit; repetitions: such results in the unit.
 */
public final class CountInAppDetector {
    private final long minRows;

    public CountInAppDetector(long minRows) {
        this.minRows = Math.max(2, minRows);
    }

    /** True when this result counts in the application (whether or not it raises now). */
    public boolean matches(long rows, long columnMask, int rowsRemained) {
        return rows >= minRows && columnMask == 0 && rowsRemained == 0;
    }

    public boolean afterResult(UnitStats u, int e, long rows, long columnMask, int rowsRemained) {
        return matches(rows, columnMask, rowsRemained) && u.bump(e, Types.COUNT_IN_APP) == 1;
    }

    public int repetitions(UnitStats u, int e) {
        return u.counter(e, Types.COUNT_IN_APP);
    }
}
