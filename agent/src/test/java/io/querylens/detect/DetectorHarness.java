package io.querylens.detect;

import io.querylens.sql.Fingerprint;

/**
 * Feeds statement events to the built-in detectors the way the unit-of-work tracker does, one unit of
 * work at a time, and collects the raised types with their repetitions at the unit's end.
 */
final class DetectorHarness {
    final Detectors detectors;
    final UnitStats unit = new UnitStats(256, 1024);
    /** Raised (type, entry) pairs, as type * 100000 + entry. */
    private final java.util.TreeSet<Integer> raised = new java.util.TreeSet<>();

    DetectorHarness(Detectors detectors) {
        this.detectors = detectors;
    }

    DetectorHarness() {
        this(Detectors.defaults());
    }

    /** One execution of {@code fp} with parameters hashing to {@code params}, as a batch of {@code batchSize}. */
    DetectorHarness run(Fingerprint fp, long params, long durationNanos, int batchSize) {
        int e = unit.execution(fp, 0, durationNanos, false);
        note(detectors.afterExecution(unit, e, fp, durationNanos, params, batchSize), e);
        return this;
    }

    DetectorHarness run(Fingerprint fp, long params) {
        return run(fp, params, 1_000_000, 1);
    }

    /** Executes {@code fp} and closes its result. */
    DetectorHarness read(Fingerprint fp, long params, long rows, long columnMask, int columnCount, int rowsRemained,
                         boolean limited, int fetchSize) {
        run(fp, params);
        int e = unit.find(fp);
        note(detectors.afterResult(unit, e, fp, rows, columnMask, columnCount, rowsRemained, limited, fetchSize), e);
        return this;
    }

    private void note(int mask, int e) {
        for (int t = 0; t < Types.COUNT; t++) {
            if ((mask & Types.bit(t)) != 0 && !raised.add(t * 100_000 + e)) {
                throw new AssertionError(Types.name(t) + " raised twice for one fingerprint in one unit");
            }
        }
    }

    /** "TYPE xN" for each finding raised so far, by type then fingerprint; empty when clean. */
    String findings() {
        StringBuilder b = new StringBuilder();
        for (int key : raised) {
            int t = key / 100_000;
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(Types.name(t)).append(" x").append(detectors.repetitions(t, unit, key % 100_000));
        }
        return b.toString();
    }
}
