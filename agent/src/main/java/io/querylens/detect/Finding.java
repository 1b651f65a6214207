package io.querylens.detect;

/**
 * One problem found in one unit of work. Findings are aggregated by (type, fingerprint, call site) for the
 * report; {@link #repetitions} is how often the statement ran in this unit.
 */
public final class Finding {
    /** One of the public type names ({@code N_PLUS_ONE}, ...) or an extension's own. */
    public final String type;
    /** Fingerprint hex, or null for unit-wide findings such as {@code QUERY_EXPLOSION}. */
    public final String fingerprint;
    /** The normalized statement (no literals), or null. */
    public final String sql;
    public final int repetitions;
    public final String unitOfWork;
    public final CallSite callSite;
    /** The ORM association that caused it (e.g. {@code Order.customer}), or null. */
    public final String association;
    /** One line naming the fix. */
    public final String suggestion;

    public Finding(String type, String fingerprint, String sql, int repetitions, String unitOfWork, CallSite callSite,
                   String association, String suggestion) {
        this.type = type;
        this.fingerprint = fingerprint;
        this.sql = sql;
        this.repetitions = repetitions;
        this.unitOfWork = unitOfWork;
        this.callSite = callSite == null ? CallSite.UNKNOWN : callSite;
        this.association = association;
        this.suggestion = suggestion;
    }

    @Override
    public String toString() {
        return type + " x" + repetitions + " " + (sql == null ? "" : sql + " ") + "at " + callSite + " in " + unitOfWork;
    }
}
