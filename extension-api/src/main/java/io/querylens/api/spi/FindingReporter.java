package io.querylens.api.spi;

/** Where a {@link Detector} raises findings. */
public interface FindingReporter {
    /**
     * Raises a finding of {@code type} (upper case, e.g. {@code TOO_MANY_JOINS}) for the statement with
     * {@code fingerprint} (or null for the unit as a whole), {@code repetitions} times in this unit, with a
     * one-line suggestion. Within one unit of work a (type, fingerprint) is one finding: reporting it again
     * only raises its repetitions to the larger value. The call site is the application frame of the
     * current statement when called from {@link Detector#onStatement} or {@link Detector#onResult}, else
     * unknown. Allowlists ({@code querylens.allow}) apply as to built-in findings.
     */
    void report(String type, String fingerprint, int repetitions, String suggestion);
}
