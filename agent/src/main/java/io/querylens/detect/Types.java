package io.querylens.detect;

import io.querylens.api.FindingTypes;

/**
 * The built-in finding types as small integers, so that per-unit state can be kept in flat arrays and a
 * set of raised types in one {@code int} mask. The names are the public ones of {@link FindingTypes}.
 */
public final class Types {
    public static final int N_PLUS_ONE = 0;
    public static final int DUPLICATE_QUERY = 1;
    public static final int UNBATCHED_WRITES = 2;
    public static final int OVER_FETCH_COLUMNS = 3;
    public static final int OVER_FETCH_ROWS = 4;
    public static final int COUNT_IN_APP = 5;
    public static final int LARGE_RESULT = 6;
    public static final int SLOW_QUERY = 7;
    public static final int QUERY_EXPLOSION = 8;
    /** Number of built-in types; also the number of per-fingerprint detector counters in {@link UnitStats}. */
    public static final int COUNT = 9;

    private static final String[] NAMES = {FindingTypes.N_PLUS_ONE, FindingTypes.DUPLICATE_QUERY,
            FindingTypes.UNBATCHED_WRITES, FindingTypes.OVER_FETCH_COLUMNS, FindingTypes.OVER_FETCH_ROWS,
            FindingTypes.COUNT_IN_APP, FindingTypes.LARGE_RESULT, FindingTypes.SLOW_QUERY,
            FindingTypes.QUERY_EXPLOSION};

    private Types() {}

    public static String name(int type) {
        return NAMES[type];
    }

    /** The id of a built-in type name, or -1 for any other (an extension's own type). */
    public static int id(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public static int bit(int type) {
        return 1 << type;
    }
}
