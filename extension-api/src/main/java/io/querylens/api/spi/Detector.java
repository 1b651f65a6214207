package io.querylens.api.spi;

/**
 * A custom detector. Implementations are found with {@link java.util.ServiceLoader} in the jars named by
 * {@code -Dquerylens.extensions=/path/a.jar,/path/b.jar} ({@code META-INF/services/io.querylens.api.spi.Detector}).
 *
 * <p>{@link #onStatement} runs on the application's thread for every statement: keep it O(1), do not
 * block, do not keep the event (it is reused). A detector that throws is switched off and logged once.
 */
public interface Detector {
    /** A short name for logs. */
    String name();

    /** A statement finished (its result read or closed). The event object is reused after the call. */
    default void onStatement(StatementEvent statement, FindingReporter reporter) {}

    /** A unit of work ended. */
    default void onUnitOfWorkEnd(UnitOfWorkSummary unit, FindingReporter reporter) {}
}
