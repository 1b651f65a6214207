package io.querylens.work;

/** Receives every unit of work when it ends (on the thread that ended it, or the idle reaper's). */
public interface UnitListener {
    void unitFinished(FinishedUnit unit);

    /**
     * False when this listener would ignore a unit without findings: the tracker then does not build the
     * {@link FinishedUnit} at all (about 1 KB per unit of three statements; see {@code UnitEnds#wanted}).
     * Asked at every unit end, so it must be cheap.
     */
    default boolean wantsUnits() {
        return true;
    }
}
