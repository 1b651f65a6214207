package io.querylens.detect;

import java.util.Collections;
import java.util.List;

/**
 * Findings aggregated by (type, fingerprint, call site), bounded. STUB: the work/detect task implements it.
 */
public final class FindingRegistry {
    public FindingRegistry(int capacity) {
    }

    public void add(Finding finding) {
    }

    /** Aggregates, most occurrences first. */
    public List<FindingSummary> snapshot() {
        return Collections.emptyList();
    }
}
