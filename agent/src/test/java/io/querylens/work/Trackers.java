package io.querylens.work;

import io.querylens.api.spi.Detector;
import io.querylens.bootstrap.Config;
import io.querylens.detect.Extensions;
import io.querylens.detect.FindingRegistry;
import io.querylens.detect.FrameFilter;
import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import io.querylens.stats.StatsRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tracker for tests, its finished units, and shorthand for statement events. */
final class Trackers {
    static final DbInfo H2 = new DbInfo("h2database", "test", null, -1);
    static final int FINGERPRINT_CAPACITY = 10_000;

    final FindingRegistry registry = new FindingRegistry(100);
    final List<FinishedUnit> finished = new ArrayList<>();
    final List<String> deliveredOn = new ArrayList<>();
    final WorkTracker tracker;
    /** The shared statistics the tracker counts into. */
    final StatsRegistry stats = new StatsRegistry(FINGERPRINT_CAPACITY, 100);
    /** A clock for statement times, starting now. */
    long now = System.nanoTime();

    Trackers(String... settings) {
        this(List.of(), new TraceParents() {
            @Override
            public String current() {
                return null; // no OpenTelemetry here unless a test says so
            }
        }, settings);
    }

    Trackers(List<Detector> extensions, TraceParents traces, String... settings) {
        Map<String, String> map = new HashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            map.put(s.substring(0, eq), s.substring(eq + 1));
        }
        // Tests live in io.querylens.work, an agent package: here only the tracker's own classes are the agent.
        FrameFilter filter = new FrameFilter(List.of("io.querylens.work"),
                List.of("io.querylens.work.WorkTracker", "io.querylens.work.FindingRaiser", "io.querylens.work.UnitStack",
                        "io.querylens.work.UnitEnds", "io.querylens.work.Trackers"),
                List.of("io.querylens.detect"));
        tracker = new WorkTracker(Config.of(map), registry, FINGERPRINT_CAPACITY, this::unitFinished,
                new Extensions(extensions), traces, filter, stats);
    }

    private synchronized void unitFinished(FinishedUnit u) {
        finished.add(u);
        deliveredOn.add(Thread.currentThread().getName());
    }

    synchronized List<FinishedUnit> units() {
        return new ArrayList<>(finished);
    }

    synchronized FinishedUnit only() {
        if (finished.size() != 1) {
            throw new AssertionError("expected one finished unit, got " + describe());
        }
        return finished.get(0);
    }

    synchronized String describe() {
        StringBuilder b = new StringBuilder();
        for (FinishedUnit u : finished) {
            b.append(b.length() == 0 ? "" : "; ").append(u.kind).append(' ').append(u.name).append(" (")
                    .append(u.statementCount).append(')');
        }
        return b.toString();
    }

    /** Runs {@code fp} on this thread with parameters {@code params}, 1 ms after the previous statement. */
    Trackers run(Fingerprint fp, long params) {
        return run(fp, params, 1);
    }

    Trackers run(Fingerprint fp, long params, int batchSize) {
        now += 1_000_000;
        tracker.executed(tracker.context(), fp, H2, now, 500_000, params, batchSize, null);
        return this;
    }

    /** Lets {@code millis} pass on the statement clock. */
    Trackers idle(long millis) {
        now += millis * 1_000_000;
        return this;
    }

    Trackers read(Fingerprint fp, long rows, long columnMask, int columns) {
        tracker.resultRead(tracker.context(), fp, rows, columnMask, columns, 0, false, 0);
        return this;
    }

    static String names(List<FinishedUnit> units) {
        StringBuilder b = new StringBuilder();
        for (FinishedUnit u : units) {
            b.append(b.length() == 0 ? "" : ", ").append(u.name).append(" x").append(u.statementCount);
        }
        return b.toString();
    }

    static String findings(FinishedUnit u) {
        StringBuilder b = new StringBuilder();
        for (io.querylens.detect.Finding f : u.findings) {
            b.append(b.length() == 0 ? "" : ", ").append(f.type).append(" x").append(f.repetitions);
        }
        return b.toString();
    }
}
