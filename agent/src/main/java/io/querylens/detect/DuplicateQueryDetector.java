package io.querylens.detect;

/**
 * {@code DUPLICATE_QUERY}: one SELECT runs again with the same parameters in one unit of work, when the
 * first result could have been reused. Writes are never duplicates (running an UPDATE twice is a change,
 * not a wasted read).
 *
 * <p>Raised when one parameter set of the fingerprint has run {@code minIdentical} times. Repetitions: the
 * most executions of one parameter set of that fingerprint in the unit.
 */
public final class DuplicateQueryDetector {
    private final int minIdentical;

    public DuplicateQueryDetector(int minIdentical) {
        this.minIdentical = Math.max(2, minIdentical);
    }

    /** A SELECT of entry {@code e} ran for the {@code occurrences}-th time with these parameters (0 = unknown). */
    public boolean afterSelect(UnitStats u, int e, int occurrences) {
        int most = u.counter(e, Types.DUPLICATE_QUERY);
        if (occurrences <= most) {
            return false;
        }
        u.counter(e, Types.DUPLICATE_QUERY, occurrences);
        return most < minIdentical && occurrences >= minIdentical;
    }

    public int repetitions(UnitStats u, int e) {
        return u.counter(e, Types.DUPLICATE_QUERY);
    }
}
