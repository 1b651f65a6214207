package io.querylens.api.spi;

import java.util.List;

/** A unit of work that ended, as a {@link Detector} sees it. */
public interface UnitOfWorkSummary {
    String name();

    /** {@code request}, {@code explicit}, {@code transaction} or {@code implicit}. */
    String kind();

    long durationNanos();

    int statementCount();

    /** One entry per distinct statement, in first-execution order. */
    List<Group> statements();

    /** The executions of one fingerprint in the unit. */
    interface Group {
        String fingerprint();

        String sql();

        String summary();

        String operation();

        int count();

        long totalDurationNanos();

        long rowsRead();
    }
}
