package io.querylens.detect;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resolves the call site of a finding: the first frame of the application's own code on the current
 * thread's stack (see {@link FrameFilter}).
 *
 * <p>Walking the stack costs tens of microseconds in a deep framework stack, so it is done only when a
 * finding is raised, and at most once per (type, fingerprint, unit-of-work name): the result is cached in a
 * bounded map and reused by every later unit of the same name. The price is that one fingerprint raised
 * from two places under one unit name reports the first place. When the map is full, call sites are still
 * resolved (walking each time) and {@link #cacheRefused()} counts it.
 */
public final class CallSites {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final FrameFilter filter;
    private final int maxCached;
    private final ConcurrentHashMap<Key, CallSite> cache = new ConcurrentHashMap<>();
    private final AtomicLong walks = new AtomicLong();
    private final AtomicLong cacheRefused = new AtomicLong();

    public CallSites(FrameFilter filter, int maxCached) {
        this.filter = filter;
        this.maxCached = maxCached;
    }

    public FrameFilter filter() {
        return filter;
    }

    /**
     * The call site for a finding of {@code type} on the statement {@code fingerprint} (null for a
     * unit-wide finding) in a unit named {@code unitName}: from the cache, else by walking this thread's stack.
     */
    public CallSite resolve(String type, String fingerprint, String unitName) {
        Key key = new Key(type, fingerprint, unitName);
        CallSite cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        CallSite site = walk();
        if (cache.size() < maxCached) {
            CallSite raced = cache.putIfAbsent(key, site);
            return raced != null ? raced : site;
        }
        cacheRefused.incrementAndGet();
        return site;
    }

    /** The application's frame on the current stack, found now (no cache). */
    public CallSite walk() {
        walks.incrementAndGet();
        FrameFilter.Picker picker = filter.picker();
        // anyMatch stops the (lazy) walk at the chosen frame
        WALKER.walk(frames -> frames.anyMatch(
                f -> picker.offer(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber())));
        return picker.result();
    }

    /** Stack walks done since start. */
    public long walks() {
        return walks.get();
    }

    public long cacheRefused() {
        return cacheRefused.get();
    }

    public int cached() {
        return cache.size();
    }

    private static final class Key {
        final String type;
        final String fingerprint;
        final String unitName;
        final int hash;

        Key(String type, String fingerprint, String unitName) {
            this.type = type;
            this.fingerprint = fingerprint;
            this.unitName = unitName;
            this.hash = Objects.hash(type, fingerprint, unitName);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return type.equals(k.type) && Objects.equals(fingerprint, k.fingerprint)
                    && Objects.equals(unitName, k.unitName);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
