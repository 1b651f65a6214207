package io.querylens.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Findings since start, aggregated by (type, fingerprint, call site): what the report's {@code findings[]}
 * lists. Each aggregate counts the units of work it was found in ({@code occurrences}) and keeps the most
 * repetitions in one unit and the name of the last unit.
 *
 * <p>Bounded: at most {@code capacity} aggregates; findings that would open one more are counted in
 * {@link #dropped()} and otherwise ignored. Thread-safe; called when units end, never per statement.
 */
public final class FindingRegistry {
    private final int capacity;
    private final ConcurrentHashMap<Key, Aggregate> aggregates = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong added = new AtomicLong();

    public FindingRegistry(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    public void add(Finding finding) {
        if (finding == null) {
            return;
        }
        added.incrementAndGet();
        Key key = new Key(finding.type, finding.fingerprint, finding.callSite);
        Aggregate a = aggregates.get(key);
        if (a == null) {
            if (aggregates.size() >= capacity) {
                dropped.incrementAndGet();
                return;
            }
            a = aggregates.computeIfAbsent(key, k -> new Aggregate(finding));
        }
        a.add(finding);
    }

    /** Aggregates, most occurrences first, then most repetitions, then by type and fingerprint. */
    public List<FindingSummary> snapshot() {
        List<FindingSummary> out = new ArrayList<>(aggregates.size());
        for (Aggregate a : aggregates.values()) {
            FindingSummary s = a.summary();
            if (s.occurrences > 0) { // not one being created right now
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong((FindingSummary s) -> -s.occurrences)
                .thenComparingInt(s -> -s.repetitions)
                .thenComparing(s -> s.type)
                .thenComparing(s -> s.fingerprint == null ? "" : s.fingerprint)
                .thenComparing(s -> s.callSite.toString()));
        return out;
    }

    public int size() {
        return aggregates.size();
    }

    /** Findings ignored because the registry was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Findings added since start (each unit's finding counts once). */
    public long added() {
        return added.get();
    }

    private static final class Key {
        final String type;
        final String fingerprint;
        final CallSite callSite;

        Key(String type, String fingerprint, CallSite callSite) {
            this.type = type;
            this.fingerprint = fingerprint;
            this.callSite = callSite;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return type.equals(k.type) && Objects.equals(fingerprint, k.fingerprint) && callSite.equals(k.callSite);
        }

        @Override
        public int hashCode() {
            return (type.hashCode() * 31 + Objects.hashCode(fingerprint)) * 31 + callSite.hashCode();
        }
    }

    private static final class Aggregate {
        private final Finding first;
        private long occurrences;
        private int repetitions;
        private String unitOfWork;
        private String association;

        Aggregate(Finding first) {
            this.first = first;
        }

        synchronized void add(Finding f) {
            occurrences++;
            repetitions = Math.max(repetitions, f.repetitions);
            unitOfWork = f.unitOfWork;
            if (f.association != null) {
                association = f.association;
            }
        }

        synchronized FindingSummary summary() {
            return new FindingSummary(first.type, first.fingerprint, first.sql, occurrences, repetitions, unitOfWork,
                    first.callSite, association, first.suggestion);
        }
    }
}
