package io.querylens.detect;

/** The one-line fix each built-in finding type suggests. */
public final class Suggestions {
    private static final String[] TEXT = new String[Types.COUNT];

    static {
        TEXT[Types.N_PLUS_ONE] = "load them in one query: a join fetch, batch fetching (@BatchSize, "
                + "hibernate.default_batch_fetch_size) or one IN (...) query";
        TEXT[Types.DUPLICATE_QUERY] = "reuse the first result: hoist the query out of the loop or cache it "
                + "for the unit of work";
        TEXT[Types.UNBATCHED_WRITES] = "batch the writes: addBatch/executeBatch, or the ORM's batching "
                + "(hibernate.jdbc.batch_size with hibernate.order_inserts/order_updates)";
        TEXT[Types.OVER_FETCH_COLUMNS] = "select only the columns you use (a projection or DTO query) instead "
                + "of SELECT * or the whole entity";
        TEXT[Types.OVER_FETCH_ROWS] = "fetch only the rows you read: LIMIT / FETCH FIRST, Statement.setMaxRows, "
                + "or EXISTS for an existence check";
        TEXT[Types.COUNT_IN_APP] = "count in the database: SELECT COUNT(*) instead of iterating the rows";
        TEXT[Types.LARGE_RESULT] = "do not load it all at once: stream with a fetch size, paginate, or "
                + "aggregate in SQL";
        TEXT[Types.SLOW_QUERY] = "check its plan (EXPLAIN): a missing index, a full scan or lock waits";
        TEXT[Types.QUERY_EXPLOSION] = "too many statements for one unit of work: find the loop that queries "
                + "and fetch in bulk";
    }

    private Suggestions() {}

    public static String of(int type) {
        return TEXT[type];
    }
}
