package io.querylens.bootstrap;

/**
 * A followed result's counters, kept on its statement's state and reached from the code woven into the
 * result set through its injected field: rows read with {@code next()}, whether the last call found a row,
 * whether the rows ran out, and whether its columns are still being sampled. Only a statement's state
 * (inside the agent's loader) extends it; only the thread reading the result touches it.
 *
 * <p>Why here, on the bootstrap class path: {@code next()} runs once per row, and on H2 it costs about 20 ns
 * with three getters. Going through the sink (a volatile read, the family switch, an interface call and the
 * exception handler, for its enter and again for its exit) added 17 ns to it; counting the row here, with
 * plain field writes that cannot throw, adds a few. Past the sampled rows a getter's woven code reads
 * only its result set's own {@link SampledHolder} flag and stays out of the agent.
 */
public abstract class Followed {
    /** Rows of a result whose columns are sampled: an application reads the same columns on every row. */
    public static final long COLUMN_SAMPLE_ROWS = 16;

    /** True while the current result's columns are being sampled. */
    public boolean columnsWanted;
    /** The result set these counters describe (the statement's current result), or null. */
    public Object result;
    /** Rows read with {@code next()}. */
    public long rows;
    /** {@code next()} returned false: no rows remained. */
    public boolean exhausted;
    /** Nesting of the getters by label on the current result set (and what they call): only the outermost counts. */
    public int resultDepth;
    /** The columns read while sampled: bit i for column i + 1, bit 63 for any beyond 63 (or a label's bit). */
    public long columnMask;

    /**
     * From now on these counters describe {@code resultSet} (null: no result), from its first row; its columns
     * are sampled while it is followed.
     */
    public final void follow(Object resultSet) {
        resetSampled();
        result = resultSet;
        columnsWanted = resultSet != null;
        rows = 0;
        exhausted = false;
        resultDepth = 0;
        columnMask = 0;
    }

    /**
     * The agent is done with the current result: no result is followed now. A result set that was told it is
     * past its sampled rows is told it is not, in case it is ever followed again.
     */
    public final void unfollow() {
        resetSampled();
        columnsWanted = false;
        result = null;
    }

    /** Clears the {@link SampledHolder} flag of the current result when {@link #nextExit} set it. */
    private void resetSampled() {
        Object rs = result;
        if (rows > COLUMN_SAMPLE_ROWS) {
            SampledHolder.set(rs, false);
        }
    }

    /** A getter by label on {@code resultSet} begins: this (the exit's token) when it is the current result. */
    public final Followed enter(Object resultSet) {
        if (result != resultSet) {
            return null;
        }
        resultDepth++;
        return this;
    }

    /** A getter by label ends; true when it was the outermost on a result still current. */
    public final boolean exit(Object resultSet) {
        int d = resultDepth;
        resultDepth = d > 0 ? d - 1 : 0;
        return d == 1 && result == resultSet;
    }

    /**
     * A getter by column {@code index} on {@code resultSet}: its bit, while the columns are sampled and unless
     * inside a getter by label on the same result set, which counts the label instead. Here rather than in the
     * sink, as {@code next()}: a plain field write that cannot throw, where the sink's call cost three
     * getters of the lookup benchmark a volatile read, the family switch and an interface call each.
     */
    public final void column(Object resultSet, int index) {
        if (columnsWanted && resultDepth == 0 && result == resultSet) {
            columnMask |= index >= 1 && index <= 63 ? 1L << (index - 1) : 1L << 63;
        }
    }

    /**
     * Whether the last {@code next()} found a row: some rows were read and they have not run out (a {@code
     * next()} that threw changes neither). Derived rather than stored on every row.
     */
    public final boolean lastNextHadRow() {
        return rows > 0 && !exhausted;
    }

    /**
     * {@code next()} on {@code resultSet} returned {@code hasRow}. Once per row, so it writes as little as it
     * can: the row count, and the sampling flags once, on the row after the sampled ones (this one, and the
     * result set's own {@link SampledHolder} flag, which its getters read). A {@code next()} that throws
     * does not come here.
     */
    public final void nextExit(Object resultSet, boolean hasRow) {
        if (result == resultSet) {
            if (!hasRow) {
                exhausted = true;
            } else if (++rows == COLUMN_SAMPLE_ROWS + 1) {
                columnsWanted = false;
                SampledHolder.set(resultSet, true); // its getters' guards stop here
            }
        }
    }
}
