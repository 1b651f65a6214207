package io.querylens.demo.load;

import java.util.Arrays;

/**
 * Latencies of one endpoint: every sample kept (up to {@value #MAX_SAMPLES}; beyond that only counted,
 * see {@link #dropped()}), so percentiles are exact. Thread-safe; contention is negligible next to an
 * HTTP round trip.
 */
public final class LatencyRecorder {
    static final int MAX_SAMPLES = 2_000_000;

    private final String name;
    private long[] micros = new long[1024];
    private int size;
    private long count;
    private long errors;
    private long dropped;
    private String firstError;

    public LatencyRecorder(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Records one request; {@code error} is null when it succeeded. */
    public synchronized void record(long nanos, String error) {
        count++;
        if (error != null) {
            errors++;
            if (firstError == null) {
                firstError = error;
            }
        }
        if (size == MAX_SAMPLES) {
            dropped++;
            return;
        }
        if (size == micros.length) {
            micros = Arrays.copyOf(micros, Math.min(MAX_SAMPLES, size * 2));
        }
        micros[size++] = nanos / 1000;
    }

    /** Adds all samples of {@code other} (for the overall line). */
    public synchronized void addAll(LatencyRecorder other) {
        long[] theirs;
        synchronized (other) {
            theirs = Arrays.copyOf(other.micros, other.size);
            count += other.count;
            errors += other.errors;
            dropped += other.dropped;
            if (firstError == null) {
                firstError = other.firstError;
            }
        }
        for (long m : theirs) {
            if (size == MAX_SAMPLES) {
                dropped++;
                continue;
            }
            if (size == micros.length) {
                micros = Arrays.copyOf(micros, Math.min(MAX_SAMPLES, size * 2));
            }
            micros[size++] = m;
        }
    }

    public synchronized long count() {
        return count;
    }

    public synchronized long errors() {
        return errors;
    }

    /** Samples not kept because the bound was reached (they still count in {@link #count()}). */
    public synchronized long dropped() {
        return dropped;
    }

    /** The first error seen, e.g. "HTTP 500: ...", or null. */
    public synchronized String firstError() {
        return firstError;
    }

    /** The {@code p}-th percentile (nearest rank) in milliseconds, or 0 without samples. */
    public synchronized double percentileMillis(double p) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(micros, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size, rank) - 1)] / 1000.0;
    }
}
