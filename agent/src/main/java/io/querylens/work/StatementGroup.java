package io.querylens.work;

import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import java.util.List;

/**
 * All executions of one fingerprint in one unit of work: the first few individually, the rest folded into
 * the totals, so a loop of 10,000 statements is one group and a handful of spans.
 */
public final class StatementGroup {
    public final Fingerprint fingerprint;
    public final DbInfo db;
    public final int count;
    public final int errors;
    public final long totalDurationNanos;
    /** Rows read over all executions. */
    public final long rows;
    /** Epoch nanoseconds of the first and the end of the last execution. */
    public final long firstStartEpochNanos;
    public final long lastEndEpochNanos;
    /** The first executions, in order, at most the configured number. */
    public final List<Execution> executions;

    public StatementGroup(Fingerprint fingerprint, DbInfo db, int count, int errors, long totalDurationNanos, long rows,
                          long firstStartEpochNanos, long lastEndEpochNanos, List<Execution> executions) {
        this.fingerprint = fingerprint;
        this.db = db;
        this.count = count;
        this.errors = errors;
        this.totalDurationNanos = totalDurationNanos;
        this.rows = rows;
        this.firstStartEpochNanos = firstStartEpochNanos;
        this.lastEndEpochNanos = lastEndEpochNanos;
        this.executions = executions;
    }

    /** Executions not kept individually. */
    public int folded() {
        return count - executions.size();
    }
}
