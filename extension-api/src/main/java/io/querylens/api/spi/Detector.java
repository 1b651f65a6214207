package io.querylens.api.spi;

/**
 * A custom detector. Implementations are found with {@link java.util.ServiceLoader} in the jars named by
 * {@code -Dquerylens.extensions=/path/a.jar,/path/b.jar} ({@code META-INF/services/io.querylens.api.spi.Detector}),
 * and need a public no-argument constructor.
 *
 * <pre>{@code
 * public final class WideJoinDetector implements Detector {
 *     public String name() { return "wide-join"; }
 *
 *     public void onStatement(StatementEvent s, FindingReporter reporter) {
 *         if (s.executionsInUnit() == 1 && joins(s.sql()) > 3) {   // look once per statement and unit
 *             reporter.report("TOO_MANY_JOINS", s.fingerprint(), 1, "split the query or denormalize");
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #onStatement} and {@link #onResult} run on the application's thread for every statement: keep
 * them O(1), do not block, do not keep the event (it is reused). One detector instance serves all threads,
 * so any state it keeps must be thread-safe. A detector that throws is switched off and logged once.
 */
public interface Detector {
    /** A short name for logs. */
    String name();

    /** A statement finished executing ({@link StatementEvent#rowsRead()} is -1: its result, if any, is unread). */
    default void onStatement(StatementEvent statement, FindingReporter reporter) {}

    /** The result of a statement was closed: {@link StatementEvent#rowsRead()} says how many rows were read. */
    default void onResult(StatementEvent statement, FindingReporter reporter) {}

    /** A unit of work ended (on the thread that ended it, or the agent's own). */
    default void onUnitOfWorkEnd(UnitOfWorkSummary unit, FindingReporter reporter) {}
}
