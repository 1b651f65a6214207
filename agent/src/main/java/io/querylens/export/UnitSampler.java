package io.querylens.export;

import io.opentelemetry.api.trace.SpanContext;
import io.querylens.work.FinishedUnit;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which finished units become traces. A unit with findings always does (it is what the traces are for); a
 * unit continuing a trace its caller sampled ({@code traceparent} flag {@code 01}) does, so the caller's trace
 * is complete; any other unit with probability {@code querylens.traces.sample.ratio}. For a unit continuing
 * an unsampled trace the decision is derived from the trace id, so every unit of one trace decides alike.
 */
final class UnitSampler {
    private final double ratio;
    /** A unit is kept when |low 64 bits of its trace id| is below this. */
    private final long bound;

    UnitSampler(double ratio) {
        this.ratio = ratio;
        this.bound = (long) (Math.max(0, Math.min(1, ratio)) * Long.MAX_VALUE);
    }

    boolean sample(FinishedUnit unit, SpanContext parent) {
        if (unit.findings != null && !unit.findings.isEmpty()) {
            return true;
        }
        if (parent != null && parent.isSampled()) {
            return true;
        }
        if (ratio >= 1) {
            return true;
        }
        if (ratio <= 0) {
            return false;
        }
        long r = parent != null ? Long.parseUnsignedLong(parent.getTraceId().substring(16), 16)
                : ThreadLocalRandom.current().nextLong();
        return r != Long.MIN_VALUE && Math.abs(r) < bound;
    }
}
