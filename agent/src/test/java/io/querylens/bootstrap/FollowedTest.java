package io.querylens.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FollowedTest {
    private final Object rs = new Object();
    private final Followed f = new Followed() {
    };

    /** One {@code next()} on {@code resultSet}, as the woven code reports it; one that threw reports nothing. */
    private void next(Object resultSet, boolean hasRow, boolean failed) {
        if (!failed) {
            f.nextExit(resultSet, hasRow);
        }
    }

    @Test
    void columnsAreSampledOnTheFirstSixteenRowsOnly() {
        f.follow(rs);
        for (int row = 1; row <= Followed.COLUMN_SAMPLE_ROWS; row++) {
            assertTrue(f.columnsWanted, "row " + row);
            next(rs, true, false);
            f.column(rs, 2);
        }
        assertTrue(f.columnsWanted, "the 16th row's columns were read after its next()");
        next(rs, true, false);
        assertFalse(f.columnsWanted, "the 17th row is not sampled");
        f.column(rs, 5);
        assertEquals(0b10L, f.columnMask);
        for (int row = 18; row <= 1000; row++) {
            next(rs, true, false);
        }
        assertEquals(1000, f.rows);
        assertFalse(f.columnsWanted);

        f.follow(new Object()); // the statement's next result starts sampling again
        assertTrue(f.columnsWanted);
        assertEquals(0, f.rows);
        assertEquals(0, f.columnMask);
    }

    /** A result set with the injected flag, as the weaver gives one. */
    private static final class FlaggedResults implements SampledHolder {
        boolean sampled;
        int writes;

        @Override
        public boolean querylens$sampled() {
            return sampled;
        }

        @Override
        public void querylens$sampled(boolean value) {
            sampled = value;
            writes++;
        }
    }

    @Test
    void theResultSetsOwnFlagIsSetOnTheRowAfterTheSampledOnesAndClearedWhenTheResultIsLetGo() {
        FlaggedResults flagged = new FlaggedResults();
        f.follow(flagged);
        for (int row = 1; row <= Followed.COLUMN_SAMPLE_ROWS; row++) {
            next(flagged, true, false);
        }
        assertFalse(flagged.sampled, "the 16th row's getters still sample");
        next(flagged, true, false);
        assertTrue(flagged.sampled, "from the 17th row the getters' guards stop at the flag");
        for (int row = 18; row <= 100; row++) {
            next(flagged, true, false);
        }
        next(flagged, false, false);
        assertEquals(1, flagged.writes, "written once per result, not per row");
        f.unfollow();
        assertFalse(flagged.sampled, "let go, it is ready to be followed again");
        assertFalse(f.columnsWanted);
        assertEquals(2, flagged.writes);

        FlaggedResults shorter = new FlaggedResults();
        f.follow(shorter);
        for (int row = 1; row <= Followed.COLUMN_SAMPLE_ROWS; row++) {
            next(shorter, true, false);
        }
        f.unfollow();
        assertEquals(0, shorter.writes, "a result within the sampled rows never writes the flag");

        f.follow(flagged);
        for (int row = 1; row <= 20; row++) {
            next(flagged, true, false);
        }
        f.follow(flagged); // followed again without being let go (getResultSet() twice): sampling restarts
        assertFalse(flagged.sampled);
        assertTrue(f.columnsWanted);
    }

    @Test
    void lastNextHadRowUntilTheRowsRunOutAndAFailedNextChangesNothing() {
        f.follow(rs);
        assertFalse(f.lastNextHadRow(), "before the first next()");
        next(rs, true, false);
        assertTrue(f.lastNextHadRow());
        next(rs, true, true);
        assertEquals(1, f.rows, "a next() that threw reads no row");
        assertTrue(f.lastNextHadRow());
        next(rs, false, false);
        assertTrue(f.exhausted);
        assertFalse(f.lastNextHadRow());
        assertEquals(1, f.rows);
        assertEquals(0, f.resultDepth);
    }

    @Test
    void anotherResultSetCountsNothingAndAGetterByLabelHidesTheIndexItCalls() {
        f.follow(rs);
        next(rs, true, false);
        next(new Object(), true, false); // not the current result (the statement has moved on)
        assertEquals(1, f.rows);
        assertTrue(f.lastNextHadRow());

        Followed token = f.enter(rs); // getString("name") calling getString(2), both woven
        f.column(rs, 2);
        assertTrue(token.exit(rs), "the outermost getter");
        assertEquals(0, f.columnMask, "the label's own bit is set by the sink, not the index's");
        assertEquals(0, f.resultDepth);
        f.column(rs, 2);
        assertEquals(0b10L, f.columnMask);
    }
}
