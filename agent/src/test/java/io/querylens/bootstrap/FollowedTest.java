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
