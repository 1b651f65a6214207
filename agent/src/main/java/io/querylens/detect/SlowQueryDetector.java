package io.querylens.detect;

/**
 * {@code SLOW_QUERY}: one execution takes at least {@code thresholdNanos}. Raised at the first slow
 * execution of a fingerprint in a unit of work; repetitions: its slow executions in the unit.
 */
public final class SlowQueryDetector {
    private final long thresholdNanos;

    public SlowQueryDetector(long thresholdNanos) {
        this.thresholdNanos = Math.max(1, thresholdNanos);
    }

    public boolean afterExecution(UnitStats u, int e, long durationNanos) {
        return durationNanos >= thresholdNanos && u.bump(e, Types.SLOW_QUERY) == 1;
    }

    public int repetitions(UnitStats u, int e) {
        return u.counter(e, Types.SLOW_QUERY);
    }
}
