package io.querylens.bootstrap;

/**
 * Implemented, besides {@link StateHolder}, by the result-set classes the agent instruments as they load: a
 * second injected field, true once the followed result it belongs to is past the rows whose columns are
 * sampled ({@link Followed#COLUMN_SAMPLE_ROWS}). A getter's woven guard reads it from the result set itself,
 * on a line the getter reads anyway, and then does nothing more: no load of the state, no type test, no
 * load of the sampling flag from another object on every getter of every row.
 *
 * <p>It is set by the {@code next()} that passes the sampled rows and cleared when the agent is done with the
 * result, so only results longer than the sampled rows ever write it. A result set that no statement follows
 * (a pool's inner delegate, whose proxy is followed) gets it set by its first getter, whose hook finds no
 * state: its getters then stop at the guard too. Setting the state field (a statement follows the result
 * set) clears it, in the woven setter, so a followed result's getters always ask first.
 */
public interface SampledHolder {
    boolean querylens$sampled();

    void querylens$sampled(boolean sampled);

    /** Sets the flag of {@code resultSet} when its class has one (a class retransformed at attach has none). */
    static void set(Object resultSet, boolean sampled) {
        if (resultSet instanceof SampledHolder) {
            ((SampledHolder) resultSet).querylens$sampled(sampled);
        }
    }
}
