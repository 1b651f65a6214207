package io.querylens.sql;

import java.util.List;

/**
 * The fingerprint registry. STUB: to be implemented (see the sql package task).
 */
public final class Fingerprints {
    public Fingerprints(int capacity, int rawCacheSize, int maxCachedSqlChars, SqlAnalyzer analyzer) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The fingerprint of {@code sql}; never null, never throws. Hot path: a cache hit allocates nothing. */
    public Fingerprint of(String sql) {
        throw new UnsupportedOperationException("not yet");
    }

    public int capacity() {
        throw new UnsupportedOperationException("not yet");
    }

    public List<Fingerprint> all() {
        throw new UnsupportedOperationException("not yet");
    }
}
