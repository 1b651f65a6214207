package io.querylens.api;

/** The finding types QueryLens raises itself. Extensions may raise types of their own. */
public final class FindingTypes {
    public static final String N_PLUS_ONE = "N_PLUS_ONE";
    public static final String DUPLICATE_QUERY = "DUPLICATE_QUERY";
    public static final String UNBATCHED_WRITES = "UNBATCHED_WRITES";
    public static final String OVER_FETCH_COLUMNS = "OVER_FETCH_COLUMNS";
    public static final String OVER_FETCH_ROWS = "OVER_FETCH_ROWS";
    public static final String COUNT_IN_APP = "COUNT_IN_APP";
    public static final String LARGE_RESULT = "LARGE_RESULT";
    public static final String SLOW_QUERY = "SLOW_QUERY";
    public static final String QUERY_EXPLOSION = "QUERY_EXPLOSION";

    private FindingTypes() {}
}
