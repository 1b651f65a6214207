package io.querylens.api.spi;

/** Where a {@link Detector} raises findings. */
public interface FindingReporter {
    /**
     * Raises a finding of {@code type} (upper-case, e.g. {@code TOO_MANY_TABLES}) for the statement with
     * {@code fingerprint} (or null for the unit as a whole), {@code repetitions} times in this unit, with a
     * one-line suggestion. The call site is the application frame of the current statement when called
     * from {@code onStatement}, else unknown.
     */
    void report(String type, String fingerprint, int repetitions, String suggestion);
}
