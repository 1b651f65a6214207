package io.querylens.demo;

import java.util.Locale;

/** Parses the durations the command lines take: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or plain seconds. */
public final class Durations {
    private Durations() {}

    /**
     * @return the duration in milliseconds
     * @throws IllegalArgumentException if {@code text} is not a non-negative duration
     */
    public static long parseMillis(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1000;
        if (t.endsWith("ms")) {
            unit = 1;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t.trim());
            if (n < 0) {
                throw new IllegalArgumentException("negative duration: " + text);
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 30s, 2m or plain seconds)");
        }
    }
}
