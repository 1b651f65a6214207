package io.querylens.detect;

import io.querylens.sql.Fingerprint;

/**
 * {@code N_PLUS_ONE}: one SELECT fingerprint runs again and again with different parameters in one unit
 * of work — a query per row of an earlier result, in a loop or through lazy loading.
 *
 * <p>Raised when the fingerprint's distinct parameter sets in the unit reach {@code minDistinct}. A
 * statement with a collapsed {@code IN (...)} list is usually a batch loader already (Hibernate's
 * {@code @BatchSize} loads ten or more rows per execution), so it must reach the higher
 * {@code inListMinDistinct} before it counts as an N+1. Repetitions: the fingerprint's executions in the
 * unit.
 */
public final class NPlusOneDetector {
    private final int minDistinct;
    private final int inListMinDistinct;

    public NPlusOneDetector(int minDistinct, int inListMinDistinct) {
        this.minDistinct = minDistinct;
        this.inListMinDistinct = Math.max(minDistinct, inListMinDistinct);
    }

    /**
     * A SELECT of entry {@code e} ran; {@code occurrences} is how often its parameters have run in the unit
     * (1 = a new parameter set, 0 = unknown). Returns true exactly once per unit, when the threshold is reached.
     */
    public boolean afterSelect(UnitStats u, int e, Fingerprint fp, int occurrences) {
        if (occurrences != 1) {
            return false;
        }
        int distinct = u.bump(e, Types.N_PLUS_ONE);
        if (distinct == minDistinct) {
            // Only at the crossing (once per unit) is the text scanned.
            return minDistinct == inListMinDistinct || !hasInList(fp.normalized);
        }
        return distinct == inListMinDistinct && hasInList(fp.normalized);
    }

    public int repetitions(UnitStats u, int e) {
        return u.count(e);
    }

    /** True when the statement has an {@code IN (} list (of any case and spacing). */
    static boolean hasInList(String sql) {
        int n = sql.length();
        for (int i = 0; i + 2 < n; i++) {
            char c = sql.charAt(i);
            if ((c == 'i' || c == 'I') && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
                char d = sql.charAt(i + 1);
                if (d == 'n' || d == 'N') {
                    int j = i + 2;
                    while (j < n && sql.charAt(j) == ' ') {
                        j++;
                    }
                    if (j < n && sql.charAt(j) == '(') {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
