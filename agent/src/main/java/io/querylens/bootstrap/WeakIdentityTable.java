package io.querylens.bootstrap;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fixed-size, lock-free map from objects (by identity, weakly held) to values, for the per-object state
 * of classes that could not get an injected field. Lookups allocate nothing; each key costs one entry
 * object when first put. A key is searched for in at most {@link #PROBES} slots; when all of them hold
 * live keys the oldest slot is overwritten and the eviction counted, so the table never grows.
 */
final class WeakIdentityTable {
    static final int PROBES = 8;

    private static final class Entry extends WeakReference<Object> {
        final Object value;

        Entry(Object key, Object value) {
            super(key);
            this.value = value;
        }
    }

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;
    private final AtomicLong evictions = new AtomicLong();

    WeakIdentityTable(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        slots = new AtomicReferenceArray<>(capacityPowerOfTwo);
        mask = capacityPowerOfTwo - 1;
    }

    Object get(Object key) {
        int h = mix(System.identityHashCode(key));
        for (int i = 0; i < PROBES; i++) {
            Entry e = slots.get((h + i) & mask);
            if (e != null && e.get() == key) {
                return e.value;
            }
        }
        return null;
    }

    void put(Object key, Object value) {
        int h = mix(System.identityHashCode(key));
        int free = -1;
        for (int i = 0; i < PROBES; i++) {
            int idx = (h + i) & mask;
            Entry e = slots.get(idx);
            if (e != null && e.get() == key) {
                slots.set(idx, value == null ? null : new Entry(key, value));
                return;
            }
            if (free < 0 && (e == null || e.get() == null)) {
                free = idx;
            }
        }
        if (value == null) {
            return;
        }
        if (free < 0) {
            free = h & mask;
            evictions.incrementAndGet();
        }
        slots.set(free, new Entry(key, value));
    }

    long evictions() {
        return evictions.get();
    }

    int size() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            Entry e = slots.get(i);
            if (e != null && e.get() != null) {
                n++;
            }
        }
        return n;
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }
}
