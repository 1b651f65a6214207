package io.querylens.detect;

/**
 * Findings aggregated by (type, fingerprint, call site) since start: what the report's {@code findings[]}
 * lists.
 */
public final class FindingSummary {
    public final String type;
    public final String fingerprint;
    public final String sql;
    /** Units of work in which it was found. */
    public final long occurrences;
    /** The most executions in one unit of work. */
    public final int repetitions;
    /** The name of the last unit of work it was found in. */
    public final String unitOfWork;
    public final CallSite callSite;
    public final String association;
    public final String suggestion;

    public FindingSummary(String type, String fingerprint, String sql, long occurrences, int repetitions,
                          String unitOfWork, CallSite callSite, String association, String suggestion) {
        this.type = type;
        this.fingerprint = fingerprint;
        this.sql = sql;
        this.occurrences = occurrences;
        this.repetitions = repetitions;
        this.unitOfWork = unitOfWork;
        this.callSite = callSite;
        this.association = association;
        this.suggestion = suggestion;
    }
}
