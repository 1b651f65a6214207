package io.querylens.stats;

/** Explicit histogram bucket boundaries of the OpenTelemetry database conventions. */
public final class Buckets {
    /** {@code db.client.operation.duration} boundaries, in seconds. */
    public static final double[] DURATION_SECONDS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};
    /** The same boundaries in nanoseconds, for bucketing without floating point on the hot path. */
    public static final long[] DURATION_NANOS = {1_000_000L, 5_000_000L, 10_000_000L, 50_000_000L, 100_000_000L,
            500_000_000L, 1_000_000_000L, 5_000_000_000L, 10_000_000_000L};
    /** {@code db.client.response.returned_rows} boundaries. */
    public static final double[] ROWS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
    public static final long[] ROWS_LONG = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

    private Buckets() {}

    /** Index of the bucket for {@code value}: the first boundary ≥ value, or {@code bounds.length}. */
    public static int index(long[] bounds, long value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        return i;
    }
}
