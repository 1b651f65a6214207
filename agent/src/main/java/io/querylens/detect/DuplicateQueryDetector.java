package io.querylens.detect;

import io.querylens.sql.Fingerprint;

/**
 * {@code DUPLICATE_QUERY}: one SELECT runs again with the same parameters in one unit of work, when the
 * first result could have been reused. Writes are never duplicates (running an UPDATE twice is a change,
 * not a wasted read).
 *
 * <p>Raised when one parameter set of the fingerprint has run {@code minIdentical} times. Repetitions: the
 * most executions of one parameter set of that fingerprint in the unit.
 *
 * <p>A SELECT without {@code FROM} reads no table: it calls a function ({@code nextval('order_seq')},
 * {@code now()}, {@code current_schema()}, a sleep), whose answer may change at every call or costs nothing to
 * ask again — not a wasted read, so never a duplicate. (Hibernate asks PostgreSQL {@code SELECT
 * current_schema()} twice while it starts, and a sequence is asked once per new entity.)
 */
public final class DuplicateQueryDetector {
    private final int minIdentical;

    public DuplicateQueryDetector(int minIdentical) {
        this.minIdentical = Math.max(2, minIdentical);
    }

    /**
     * A SELECT of entry {@code e} ({@code fp}) ran for the {@code occurrences}-th time with these parameters
     * (0 = unknown). Returns true exactly once per unit, when the threshold is reached by a statement that
     * reads a table.
     */
    public boolean afterSelect(UnitStats u, int e, Fingerprint fp, int occurrences) {
        int most = u.counter(e, Types.DUPLICATE_QUERY);
        if (occurrences <= most) {
            return false;
        }
        u.counter(e, Types.DUPLICATE_QUERY, occurrences);
        // only at the crossing (once per unit) is the text scanned
        return most < minIdentical && occurrences >= minIdentical && readsTable(fp.normalized);
    }

    /** True when the statement has the word {@code FROM} (in any case): it reads a table, not only functions. */
    static boolean readsTable(String sql) {
        int n = sql.length();
        for (int i = 0; i + 4 <= n; i++) {
            if (sql.regionMatches(true, i, "from", 0, 4)
                    && (i == 0 || !isWordChar(sql.charAt(i - 1)))
                    && (i + 4 == n || !isWordChar(sql.charAt(i + 4)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '"' || c == '`';
    }

    public int repetitions(UnitStats u, int e) {
        return u.counter(e, Types.DUPLICATE_QUERY);
    }
}
