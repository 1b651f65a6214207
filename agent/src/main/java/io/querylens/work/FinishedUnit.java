package io.querylens.work;

import io.querylens.detect.Finding;
import java.util.List;

/** A unit of work that has ended, with its statements grouped by fingerprint and its findings. */
public final class FinishedUnit {
    public enum Kind { REQUEST, EXPLICIT, TRANSACTION, IMPLICIT }

    public final Kind kind;
    /** e.g. {@code GET /orders/{id}}, {@code nightly-import}, {@code transaction}, {@code thread main}. */
    public final String name;
    public final long startEpochNanos;
    public final long endEpochNanos;
    /**
     * The W3C trace context to continue ({@code 00-<trace>-<span>-<flags>}): from an incoming
     * {@code traceparent} header or the application's active OpenTelemetry span; null to start a new trace.
     */
    public final String parentTraceparent;
    /** Statements executed in the unit (groups beyond the per-unit bound are counted here, not listed). */
    public final int statementCount;
    public final List<StatementGroup> groups;
    public final List<Finding> findings;
    /** HTTP response status for a request, else 0. */
    public final int httpStatus;
    /** Exception type that ended the unit, or null. */
    public final String errorType;

    public FinishedUnit(Kind kind, String name, long startEpochNanos, long endEpochNanos, String parentTraceparent,
                        int statementCount, List<StatementGroup> groups, List<Finding> findings, int httpStatus,
                        String errorType) {
        this.kind = kind;
        this.name = name;
        this.startEpochNanos = startEpochNanos;
        this.endEpochNanos = endEpochNanos;
        this.parentTraceparent = parentTraceparent;
        this.statementCount = statementCount;
        this.groups = groups;
        this.findings = findings;
        this.httpStatus = httpStatus;
        this.errorType = errorType;
    }
}
