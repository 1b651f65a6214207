package io.querylens.work;

/** Receives every unit of work when it ends (on the thread that ended it, or the idle reaper's). */
public interface UnitListener {
    void unitFinished(FinishedUnit unit);
}
