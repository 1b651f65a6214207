package io.querylens.detect;

import io.querylens.bootstrap.Config;
import io.querylens.sql.Fingerprint;

/**
 * The built-in detectors, configured, as the unit-of-work tracker calls them: once when a statement has
 * run ({@link #afterExecution}) and once when its result is closed ({@link #afterResult}). Each call does
 * O(1) work on the unit's counters and allocates nothing; it returns a mask of {@link Types#bit} of the
 * types that crossed their threshold just now, so each type is raised at most once per fingerprint per
 * unit, on the application's thread, where the call site can still be found.
 */
public final class Detectors {
    final NPlusOneDetector nPlusOne;
    final DuplicateQueryDetector duplicate;
    final UnbatchedWritesDetector unbatched;
    final OverFetchDetector overFetch;
    final CountInAppDetector countInApp;
    final LargeResultDetector largeResult;
    final SlowQueryDetector slow;
    final QueryExplosionDetector explosion;

    public Detectors(NPlusOneDetector nPlusOne, DuplicateQueryDetector duplicate, UnbatchedWritesDetector unbatched,
                     OverFetchDetector overFetch, CountInAppDetector countInApp, LargeResultDetector largeResult,
                     SlowQueryDetector slow, QueryExplosionDetector explosion) {
        this.nPlusOne = nPlusOne;
        this.duplicate = duplicate;
        this.unbatched = unbatched;
        this.overFetch = overFetch;
        this.countInApp = countInApp;
        this.largeResult = largeResult;
        this.slow = slow;
        this.explosion = explosion;
    }

    /** The thresholds from configuration; see each key's default here. */
    public static Detectors fromConfig(Config c) {
        return new Detectors(
                new NPlusOneDetector(c.getInt("querylens.detect.n_plus_one.min", 5, 2, 1_000_000),
                        c.getInt("querylens.detect.n_plus_one.in_list.min", 20, 2, 1_000_000)),
                new DuplicateQueryDetector(c.getInt("querylens.detect.duplicate.min", 2, 2, 1_000_000)),
                new UnbatchedWritesDetector(c.getInt("querylens.detect.unbatched.min", 5, 2, 1_000_000)),
                new OverFetchDetector(c.getInt("querylens.detect.over_fetch.columns.min", 6, 2, 10_000),
                        c.getInt("querylens.detect.over_fetch.columns.read.max.percent", 25, 0, 100)),
                new CountInAppDetector(c.getLong("querylens.detect.count_in_app.min.rows", 10, 2, Long.MAX_VALUE)),
                new LargeResultDetector(c.getLong("querylens.detect.large_result.min.rows", 10_000, 1, Long.MAX_VALUE)),
                new SlowQueryDetector(c.getMillis("querylens.detect.slow.threshold", 1000, 1, 3_600_000) * 1_000_000L),
                new QueryExplosionDetector(c.getInt("querylens.detect.explosion.max.statements", 100, 1, 100_000_000),
                        c.getBoolean("querylens.detect.explosion.implicit", false)));
    }

    /** Defaults: what {@link #fromConfig} gives with nothing set. */
    public static Detectors defaults() {
        return fromConfig(Config.of(java.util.Collections.emptyMap()));
    }

    /**
     * Entry {@code e} of {@code fp} has just been recorded in {@code u}. {@code batchSize} is the number of
     * statements of a batch execution, else 1. Returns the types raised now.
     */
    public int afterExecution(UnitStats u, int e, Fingerprint fp, long durationNanos, long parameterHash, int batchSize) {
        int raised = 0;
        if (fp.isSelect()) {
            if (batchSize <= 1) {
                int occurrences = u.parameters(fp, parameterHash);
                if (nPlusOne.afterSelect(u, e, fp, occurrences)) {
                    raised |= Types.bit(Types.N_PLUS_ONE);
                }
                if (duplicate.afterSelect(u, e, fp, occurrences)) {
                    raised |= Types.bit(Types.DUPLICATE_QUERY);
                }
            }
        } else if (fp.isWrite() && unbatched.afterWrite(u, e, batchSize)) {
            raised |= Types.bit(Types.UNBATCHED_WRITES);
        }
        if (slow.afterExecution(u, e, durationNanos)) {
            raised |= Types.bit(Types.SLOW_QUERY);
        }
        return raised;
    }

    /** The unit has now run {@code statements} statements: true when that makes it a query explosion. */
    public boolean afterStatement(int statements, boolean implicitUnit) {
        return explosion.afterStatement(statements, implicitUnit);
    }

    /**
     * A result of entry {@code e} of {@code fp} was closed after {@code rows} rows; see
     * {@code WorkTracker.resultRead} for the arguments. Returns the types raised now.
     */
    public int afterResult(UnitStats u, int e, Fingerprint fp, long rows, long columnMask, int columnCount,
                           int rowsRemained, boolean limited, int fetchSize) {
        int raised = 0;
        int columns = columnCount > 0 ? columnCount : fp.columnCount();
        boolean counting = countInApp.matches(rows, columnMask, rowsRemained);
        if (counting) {
            if (countInApp.afterResult(u, e, rows, columnMask, rowsRemained)) {
                raised |= Types.bit(Types.COUNT_IN_APP);
            }
        } else if (overFetch.columns(u, e, rows, columnMask, columns)) {
            // a result only counted is a COUNT_IN_APP, not also a column over-fetch
            raised |= Types.bit(Types.OVER_FETCH_COLUMNS);
        }
        if (overFetch.rows(u, e, rowsRemained, limited || fp.hasLimit(), fetchSize)) {
            raised |= Types.bit(Types.OVER_FETCH_ROWS);
        }
        if (largeResult.afterResult(u, e, rows, fetchSize)) {
            raised |= Types.bit(Types.LARGE_RESULT);
        }
        return raised;
    }

    /**
     * The repetitions a finding of built-in {@code type} on entry {@code e} reports when the unit ends;
     * for {@code QUERY_EXPLOSION} the caller uses the unit's statement count.
     */
    public int repetitions(int type, UnitStats u, int e) {
        switch (type) {
            case Types.N_PLUS_ONE: return nPlusOne.repetitions(u, e);
            case Types.DUPLICATE_QUERY: return duplicate.repetitions(u, e);
            case Types.UNBATCHED_WRITES: return unbatched.repetitions(u, e);
            case Types.OVER_FETCH_COLUMNS: return overFetch.columnRepetitions(u, e);
            case Types.OVER_FETCH_ROWS: return overFetch.rowRepetitions(u, e);
            case Types.COUNT_IN_APP: return countInApp.repetitions(u, e);
            case Types.LARGE_RESULT: return largeResult.repetitions(u, e);
            case Types.SLOW_QUERY: return slow.repetitions(u, e);
            default: return u.count(e);
        }
    }
}
