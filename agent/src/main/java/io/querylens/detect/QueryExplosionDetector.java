package io.querylens.detect;

/**
 * {@code QUERY_EXPLOSION}: one unit of work runs more than {@code maxStatements} statements (a batch
 * counts as one). It is a finding about the unit, not one statement: it has no fingerprint, and its
 * repetitions are the unit's statement count.
 *
 * <p>Implicit units (a thread's window of autocommit statements outside any request, explicit unit or
 * transaction) are left out unless asked for: their size is set by the window's cap, not by the code.
 */
public final class QueryExplosionDetector {
    private final int maxStatements;
    private final boolean judgeImplicitUnits;

    public QueryExplosionDetector(int maxStatements, boolean judgeImplicitUnits) {
        this.maxStatements = Math.max(1, maxStatements);
        this.judgeImplicitUnits = judgeImplicitUnits;
    }

    /** The unit has now run {@code statements} statements; true exactly once, when the bound is passed. */
    public boolean afterStatement(int statements, boolean implicitUnit) {
        return statements == maxStatements + 1 && (judgeImplicitUnits || !implicitUnit);
    }
}
