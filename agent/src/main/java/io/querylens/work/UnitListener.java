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

    /**
     * True once {@link #wantsUnits()} can no longer change its answer: the tracker then keeps the answer
     * instead of asking at every unit. A listener whose wish changes (export not started yet) says false
     * until it is settled.
     */
    default boolean wantsUnitsSettled() {
        return true;
    }
}
