package io.querylens.detect;

/**
 * Over-fetching, judged when a result is closed:
 * <ul>
 *   <li>{@code OVER_FETCH_COLUMNS}: many columns fetched, few read — a result of at least
 *   {@code minColumns} columns of which at most {@code maxReadPercent}% were read, over at least one row
 *   (typically {@code SELECT *} of a wide table, one column used).</li>
 *   <li>{@code OVER_FETCH_ROWS}: the application stopped reading while rows remained, and the statement set
 *   no bound of its own (no {@code LIMIT}/{@code FETCH FIRST}, no {@code setMaxRows}) and no fetch size (a
 *   fetch size says the code streams on purpose).</li>
 * </ul>
 * Raised at the first such result of a fingerprint in a unit; repetitions: such results in the unit.
 */
public final class OverFetchDetector {
    private final int minColumns;
    private final int maxReadPercent;

    public OverFetchDetector(int minColumns, int maxReadPercent) {
        this.minColumns = Math.max(2, minColumns);
        this.maxReadPercent = maxReadPercent;
    }

    /**
     * @param columnMask  columns read, bit i = column i+1, bit 63 = any beyond the 63rd
     * @param columnCount columns in the result, or -1 when unknown
     */
    public boolean columns(UnitStats u, int e, long rows, long columnMask, int columnCount) {
        if (columnCount < minColumns || rows < 1) {
            return false;
        }
        int read = Long.bitCount(columnMask);
        if (read * 100L > (long) maxReadPercent * columnCount) {
            return false;
        }
        return u.bump(e, Types.OVER_FETCH_COLUMNS) == 1;
    }

    /**
     * @param rowsRemained 1 when rows were left unread, 0 when the result was read to its end, -1 unknown
     * @param limited      the statement limited its rows (SQL or {@code setMaxRows})
     */
    public boolean rows(UnitStats u, int e, int rowsRemained, boolean limited, int fetchSize) {
        if (rowsRemained != 1 || limited || fetchSize != 0) {
            return false;
        }
        return u.bump(e, Types.OVER_FETCH_ROWS) == 1;
    }

    public int columnRepetitions(UnitStats u, int e) {
        return u.counter(e, Types.OVER_FETCH_COLUMNS);
    }

    public int rowRepetitions(UnitStats u, int e) {
        return u.counter(e, Types.OVER_FETCH_ROWS);
    }
}
