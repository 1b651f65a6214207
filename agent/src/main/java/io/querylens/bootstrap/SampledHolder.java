package io.querylens.bootstrap;

/**
 * Implemented, besides {@link StateHolder}, by the result-set classes the agent instruments as they load: a
 * second injected field, true once the followed result it belongs to is past the rows whose columns are
 * sampled ({@link Followed#COLUMN_SAMPLE_ROWS}). A getter's woven guard reads it from the result set itself,
 * on a line the getter reads anyway, and then does nothing more: no load of the state, no type test, no
 * load of the sampling flag from another object on every getter of every row.
 *
 * <p>It is set by the {@code next()} that passes the sampled rows and cleared when the agent is done with the
 * result, so only results longer than the sampled rows ever write it; a result set never followed keeps
 * false, and its getters' hooks find no state and stop.
 */
public interface SampledHolder {
    boolean querylens$sampled();

    void querylens$sampled(boolean sampled);
}
