package io.querylens.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The fingerprint registry: raw SQL in, the interned {@link Fingerprint} of its normalized shape out.
 *
 * <pre>{@code
 * Fingerprints fps = new Fingerprints(2000, 10_000, 8192, analyzer);
 * Fingerprint fp = fps.of("select * from orders where id = 42");  // hot path
 * fp.index;       // dense, 0..capacity-1: index per-fingerprint arrays with it
 * fp.analysis();  // fast pass now, JSqlParser's once the analyzer got to it
 * }</pre>
 *
 * <p>Two levels:
 * <ol>
 * <li>a raw cache, raw SQL text to fingerprint: a {@link ConcurrentHashMap} lookup, so a hit takes no lock
 *     and allocates nothing (the text's hash code is cached in the {@code String}; drivers and ORMs hand the
 *     same strings again and again). It holds at most {@code rawCacheSize} texts; when full, the oldest entry
 *     goes (first in, first out through a ring of keys: O(1), no scan). Texts longer than
 *     {@code maxCachedSqlChars} are never cached, so huge generated statements are normalized every time
 *     rather than pinning memory;</li>
 * <li>on a miss, {@link SqlNormalizer} runs and the result is interned by its 64-bit hash. Each new shape
 *     gets the next dense {@link Fingerprint#index} and is submitted once to the {@link SqlAnalyzer}. After
 *     {@code capacity} shapes, new ones all map to one shared {@link #overflow()} fingerprint, whose index is
 *     {@code capacity}, so arrays of {@code capacity + 1} slots cover every fingerprint.</li>
 * </ol>
 *
 * <p>Cost, measured with a plain warmed-up loop on JDK 17 (not JMH): a raw-cache hit about 4 ns; a miss
 * about 4 &micro;s for a 300-character Hibernate select, and at most a few hundred ms for adversarial
 * 1 MB texts (the normalizer is linear).
 *
 * <p>Interning is by the 64-bit FNV-1a hash: two different texts with the same hash would share a fingerprint,
 * which at a few thousand shapes is a chance of about 10<sup>-12</sup>. Stored normalized texts are cut at
 * {@code maxStoredChars} (with {@code "..."}); a cut text is not parsed.
 */
public final class Fingerprints {
    /** The normalized text of the overflow fingerprint. */
    public static final String OVERFLOW_TEXT = "(other statements)";
    /** The normalized text of the fingerprint of a null statement. */
    public static final String UNKNOWN_TEXT = "(unknown)";
    /** Default for {@code maxStoredChars}. */
    public static final int DEFAULT_MAX_STORED_CHARS = 32_768;

    private static final SqlAnalysis NO_ANALYSIS = new SqlAnalysis(null, null, null, false, false, false);

    private final int capacity;
    private final int rawCacheSize;
    private final int maxCachedSqlChars;
    private final int maxStoredChars;
    private final SqlAnalyzer analyzer;

    private final ConcurrentHashMap<String, Fingerprint> raw;
    private final AtomicReferenceArray<String> rawRing;
    private final AtomicLong rawInserts = new AtomicLong();
    private final ConcurrentHashMap<Long, Fingerprint> byId;
    private final AtomicReferenceArray<Fingerprint> byIndex;
    private final Object internLock = new Object();
    private volatile int size;
    private final Fingerprint overflow;
    private volatile Fingerprint unknown;

    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong rawCacheEvictions = new AtomicLong();
    private final AtomicLong uncached = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();

    /**
     * @param capacity          distinct fingerprints kept; more share {@link #overflow()}
     * @param rawCacheSize      raw SQL texts cached (0: no raw cache)
     * @param maxCachedSqlChars longer SQL texts are never cached
     * @param analyzer          parses each new fingerprint; may be null (fast analysis only)
     */
    public Fingerprints(int capacity, int rawCacheSize, int maxCachedSqlChars, SqlAnalyzer analyzer) {
        this(capacity, rawCacheSize, maxCachedSqlChars, DEFAULT_MAX_STORED_CHARS, analyzer);
    }

    /** As {@link #Fingerprints(int, int, int, SqlAnalyzer)}, with the longest normalized text stored. */
    public Fingerprints(int capacity, int rawCacheSize, int maxCachedSqlChars, int maxStoredChars,
                        SqlAnalyzer analyzer) {
        this.capacity = Math.max(0, capacity);
        this.rawCacheSize = Math.max(0, rawCacheSize);
        this.maxCachedSqlChars = maxCachedSqlChars;
        this.maxStoredChars = Math.max(16, maxStoredChars);
        this.analyzer = analyzer;
        this.raw = new ConcurrentHashMap<>(Math.min(this.rawCacheSize, 1 << 16) * 4 / 3 + 1);
        this.rawRing = new AtomicReferenceArray<>(Math.max(1, this.rawCacheSize));
        this.byId = new ConcurrentHashMap<>(Math.min(this.capacity, 1 << 16) * 4 / 3 + 1);
        this.byIndex = new AtomicReferenceArray<>(Math.max(1, this.capacity));
        this.overflow = new Fingerprint(SqlNormalizer.hash(OVERFLOW_TEXT), OVERFLOW_TEXT, this.capacity, NO_ANALYSIS);
    }

    /**
     * The fingerprint of {@code sql}; never null, never throws. Hot path: a raw-cache hit is one
     * {@code ConcurrentHashMap.get}, with no lock and no allocation. {@code null} gives the
     * {@value #UNKNOWN_TEXT} fingerprint.
     */
    public Fingerprint of(String sql) {
        if (sql == null) {
            return unknown();
        }
        Fingerprint fp = raw.get(sql);
        return fp != null ? fp : miss(sql);
    }

    /**
     * Whether a caller may keep {@code sql}'s fingerprint by the text (as the raw cache does): not with the
     * raw cache off, and not for texts longer than {@code maxCachedSqlChars}, which must not be pinned.
     */
    public boolean cacheable(String sql) {
        return rawCacheSize > 0 && sql.length() <= maxCachedSqlChars;
    }

    private Fingerprint miss(String sql) {
        try {
            misses.incrementAndGet();
            SqlNormalizer.Result r = SqlNormalizer.normalize(sql);
            Fingerprint fp = intern(r.hash, r.normalized, r.analysis, true);
            remember(sql, fp);
            return fp;
        } catch (RuntimeException e) {
            return overflow; // not expected: the normalizer does not throw
        }
    }

    private Fingerprint intern(long id, String normalized, SqlAnalysis fast, boolean analyze) {
        Fingerprint fp = byId.get(id);
        if (fp != null) {
            return fp;
        }
        boolean cut = normalized.length() > maxStoredChars;
        synchronized (internLock) {
            fp = byId.get(id);
            if (fp != null) {
                return fp;
            }
            int index = size;
            if (index >= capacity) {
                overflowed.incrementAndGet();
                return overflow;
            }
            String text = cut ? normalized.substring(0, maxStoredChars) + "..." : normalized;
            fp = new Fingerprint(id, text, index, fast);
            byIndex.set(index, fp);
            byId.put(id, fp);
            size = index + 1; // publishes byIndex[index] to all()
        }
        if (analyze && !cut && analyzer != null) {
            analyzer.submit(fp);
        }
        return fp;
    }

    private void remember(String sql, Fingerprint fp) {
        if (!cacheable(sql)) {
            uncached.incrementAndGet();
            return;
        }
        if (raw.putIfAbsent(sql, fp) != null) {
            return;
        }
        int slot = (int) (rawInserts.getAndIncrement() % rawCacheSize);
        String old = rawRing.getAndSet(slot, sql);
        if (old != null) {
            raw.remove(old);
            rawCacheEvictions.incrementAndGet();
        }
    }

    private Fingerprint unknown() {
        Fingerprint fp = unknown;
        if (fp == null) {
            fp = intern(SqlNormalizer.hash(UNKNOWN_TEXT), UNKNOWN_TEXT, NO_ANALYSIS, false);
            unknown = fp;
        }
        return fp;
    }

    /** Distinct fingerprints this registry keeps; the overflow fingerprint's index. */
    public int capacity() {
        return capacity;
    }

    /** The fingerprint every statement shape beyond {@link #capacity()} shares. */
    public Fingerprint overflow() {
        return overflow;
    }

    /** The fingerprints registered so far, in index order (not the overflow one); a snapshot. */
    public List<Fingerprint> all() {
        int n = size;
        List<Fingerprint> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(byIndex.get(i));
        }
        return Collections.unmodifiableList(out);
    }

    /** Fingerprints registered so far (at most {@link #capacity()}). */
    public int size() {
        return size;
    }

    /** Raw-cache misses, i.e. normalizer runs. */
    public long misses() {
        return misses.get();
    }

    /** Raw SQL texts pushed out of the full raw cache. */
    public long rawCacheEvictions() {
        return rawCacheEvictions.get();
    }

    /** Lookups of texts too long to cache (or with the raw cache off). */
    public long uncached() {
        return uncached.get();
    }

    /** Misses whose new shape found the registry full and got {@link #overflow()}. */
    public long overflowed() {
        return overflowed.get();
    }

    /** Raw SQL texts cached now. */
    public int rawCacheSize() {
        return raw.size();
    }
}
