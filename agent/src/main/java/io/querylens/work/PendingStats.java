package io.querylens.work;

import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import io.querylens.stats.Buckets;
import io.querylens.stats.StatsRegistry;
import java.util.Arrays;

/**
 * A thread's statistics not yet added to the {@link StatsRegistry}: a log of its executions and results (one
 * {@code long} each: the fingerprint's slot, a flag or two and the duration or rows; a result closed right
 * after its execution shares the execution's, which saved about 9 ns per statement), added up per fingerprint
 * and added to the shared statistics in one batch ({@link #flush}) — counts, sums, bucket counts and the
 * latencies by histogram bucket, one atomic per non-zero figure per fingerprint.
 *
 * <p>Why a log: adding each execution to the shared statistics took six atomic increments, and threads
 * running the same statement contended for those cache lines. Adding each one up at once in a per-thread
 * table instead (the previous design) still touched five or six cache lines of that table per event, plus
 * the histogram's layout: lines the database driver's own work between two statements had evicted, about
 * 25-45 ns per statement in the lookup benchmark (its sink switched on and off in one JVM). Appending a
 * {@code long} touches one line, shared by eight events, and leaves the adding up to a tight loop that runs
 * once per {@value #MAX_PENDING} events, when the table is in the cache. Nothing in the log is a reference,
 * so appending needs no garbage collector barrier either.
 *
 * <p>When the log is added ({@link #flush}): after {@value #MAX_PENDING} events; at an event more than
 * {@link #FLUSH_NANOS} after the first one held back; when a fingerprint arrives and {@value #MAX_FINGERPRINTS}
 * others are held; by the reaper, for a thread idle with some held back that long; when the thread has died;
 * at shutdown. So the shared statistics lag by about a second at most.
 *
 * <p>Memory: the log ({@value #MAX_PENDING} longs, 2 KB) and, from the first flush, a table of up to
 * {@value #MAX_FINGERPRINTS} fingerprints of {@link #STRIDE} longs each (about 6 KB), grown as the thread
 * needs it.
 */
final class PendingStats {
    static final int MAX_PENDING = 256;
    /** The longest a thread keeps statistics back before they are added to the shared ones. */
    static final long FLUSH_NANOS = 1_000_000_000L;
    static final int PAIRS = 8;
    /** Distinct fingerprints held at once; one more flushes them all. */
    static final int MAX_FINGERPRINTS = 16;
    /** The probe table's size: twice the fingerprints held, so a probe stays short. */
    private static final int TABLE = 2 * MAX_FINGERPRINTS;
    private static final int DB = Buckets.DURATION_NANOS.length + 1;
    private static final int RB = Buckets.ROWS_LONG.length + 1;

    // an event: bits 0-55 the duration in nanoseconds or the rows, 56 failed, 57 a result, 58-61 the slot,
    // 62 an execution carrying its result: then bits 0-35 the duration and 36-55 the rows
    private static final long VALUE = (1L << 56) - 1;
    private static final long ERROR = 1L << 56;
    private static final long RESULT = 1L << 57;
    private static final int SLOT_SHIFT = 58;
    private static final long WITH_RESULT = 1L << 62;
    private static final int ROWS_SHIFT = 36;
    /** The longest duration (about 68 s) and the most rows (about a million) an execution carries together. */
    private static final long CARRIED_NANOS = (1L << ROWS_SHIFT) - 1;
    private static final long CARRIED_ROWS = (1L << (56 - ROWS_SHIFT)) - 1;

    // offsets within a fingerprint's stride of the table the log is added up in
    private static final int COUNT = 0;
    private static final int ERRORS = 1;
    private static final int NANOS = 2;
    private static final int RESULTS = 3;
    private static final int ROWS = 4;
    /** Bits 0-15: duration buckets with counts; 16-31: row buckets with counts; 32-39: latencies kept. */
    private static final int MASKS = 5;
    private static final int DURATIONS = 6;
    private static final int ROW_BUCKETS = DURATIONS + DB;
    private static final int LATENCIES = ROW_BUCKETS + RB; // (value, count) pairs
    static final int STRIDE = LATENCIES + 2 * PAIRS;

    private final StatsRegistry stats;
    /** Probe table: fingerprint by position ({@code index} hashed), and its slot. */
    private final Fingerprint[] keys = new Fingerprint[TABLE];
    private final byte[] slotAt = new byte[TABLE];
    /** Per slot, in the order taken: its database (the first an execution gave), and its table position. */
    private final DbInfo[] dbs = new DbInfo[MAX_FINGERPRINTS];
    private final byte[] positions = new byte[MAX_FINGERPRINTS];
    /** Slots taken. */
    private int used;
    /** The fingerprint looked up last, its slot, and whether that slot has its database yet. */
    private Fingerprint lastFp;
    private int lastSlot;
    private boolean lastHasDb;
    /** The events held, {@link #pending} of them, the first at {@link #sinceNanos}. */
    private final long[] events = new long[MAX_PENDING];
    int pending;
    long sinceNanos;
    /** Where {@link #flush} adds the log up: {@link #STRIDE} longs per slot, all zero between flushes. */
    private long[] v = new long[4 * STRIDE];

    PendingStats(StatsRegistry stats) {
        this.stats = stats;
    }

    /** The slot of {@code fp}, taken if new (flushing everything first when all are taken). */
    private int slot(Fingerprint fp, DbInfo db) {
        if (fp == lastFp) {
            if (db != null && !lastHasDb) {
                dbs[lastSlot] = db;
                lastHasDb = true;
            }
            return lastSlot;
        }
        int p = (fp.index * 0x9E3779B1 >>> 27) & (TABLE - 1);
        int s = -1;
        for (Fingerprint k; (k = keys[p]) != null; p = (p + 1) & (TABLE - 1)) {
            if (k == fp) {
                s = slotAt[p];
                break;
            }
        }
        if (s < 0) {
            if (used == MAX_FINGERPRINTS) {
                flush();
                return slot(fp, db);
            }
            s = used++;
            keys[p] = fp;
            slotAt[p] = (byte) s;
            positions[s] = (byte) p;
        }
        if (db != null && dbs[s] == null) { // a slot taken by a result has no database yet
            dbs[s] = db;
        }
        lastFp = fp;
        lastSlot = s;
        lastHasDb = dbs[s] != null;
        return s;
    }

    /** One execution of {@code fp}, of {@code durationNanos}, at {@code nowNanos}; adds everything held when due. */
    void execution(Fingerprint fp, DbInfo db, long durationNanos, boolean error, long nowNanos) {
        int s = slot(fp, db);
        long d = durationNanos <= 0 ? 0 : Math.min(durationNanos, VALUE);
        log(s, error ? d | ERROR : d, nowNanos);
    }

    /**
     * One result of {@code fp}, {@code n} rows read, at {@code nowNanos}; adds everything held when due. A
     * result that closes right after its own execution (nothing else held since) joins that execution's
     * entry: one entry and one step of adding up per statement instead of two.
     */
    void result(Fingerprint fp, long n, long nowNanos) {
        int s = slot(fp, null);
        long rows = n <= 0 ? 0 : Math.min(n, VALUE);
        int last = pending - 1;
        if (last >= 0 && rows <= CARRIED_ROWS) {
            long e = events[last];
            // the last event held: an execution of this fingerprint that succeeded, short enough, still alone
            if ((e & (RESULT | ERROR | WITH_RESULT)) == 0 && (e & VALUE) <= CARRIED_NANOS
                    && slotOf(e) == s) {
                events[last] = e | WITH_RESULT | rows << ROWS_SHIFT;
                return;
            }
        }
        log(s, RESULT | rows, nowNanos);
    }

    /** The slot an event names (bits 58-61; bit 62 above it is the carried-result flag). */
    private static int slotOf(long event) {
        return (int) (event >>> SLOT_SHIFT & 0xf);
    }

    private void log(int slot, long event, long nowNanos) {
        int n = pending;
        if (n == 0) {
            sinceNanos = nowNanos;
        }
        events[n] = event | (long) slot << SLOT_SHIFT;
        pending = ++n;
        if (n >= MAX_PENDING || nowNanos - sinceNanos > FLUSH_NANOS) {
            flush();
        }
    }

    /** Whether what is held must be added now: many events, or the first of them long ago. */
    boolean due(long nowNanos) {
        return pending >= MAX_PENDING || pending > 0 && nowNanos - sinceNanos > FLUSH_NANOS;
    }

    /** Adds everything held to the shared statistics and forgets it. */
    void flush() {
        int slots = used;
        if (slots > 0) {
            if (slots * STRIDE > v.length) {
                v = new long[Math.min(MAX_FINGERPRINTS, 2 * slots) * STRIDE];
            }
            addUp(v, events, pending);
            long[] a = v;
            for (int s = 0; s < slots; s++) {
                int base = s * STRIDE;
                long masks = a[base + MASKS];
                stats.add(keys[positions[s]], dbs[s], (int) a[base + COUNT], (int) a[base + ERRORS], a[base + NANOS],
                        a, base + DURATIONS, (int) masks & 0xffff, a, base + LATENCIES, (int) (masks >>> 32) & 0xff,
                        (int) a[base + RESULTS], a[base + ROWS], a, base + ROW_BUCKETS, (int) (masks >>> 16) & 0xffff);
                clear(a, base + DURATIONS, (int) masks & 0xffff);
                clear(a, base + ROW_BUCKETS, (int) (masks >>> 16) & 0xffff);
                Arrays.fill(a, base, base + DURATIONS, 0L);
                keys[positions[s]] = null;
                dbs[s] = null;
            }
        }
        used = 0;
        pending = 0;
        lastFp = null;
    }

    /**
     * Adds the first {@code n} events of {@code log} up into the table {@code a}. A run of events of one
     * fingerprint is added up in local variables and written to its stride once, and so is a run of one
     * latency, where adding each event to the table in memory makes every event wait for the last one's
     * stores. In a loop of this class alone: 11.7 → 10.7 ns per execution of varied durations, 10.4 → 8.1 of
     * one duration; results unchanged at about 6 ns (log and adding up together).
     */
    private void addUp(long[] a, long[] log, int n) {
        for (int i = 0; i < n; ) {
            int slot = slotOf(log[i]);
            int base = slot * STRIDE;
            long count = 0;
            long errors = 0;
            long nanos = 0;
            long fast = 0; // executions in the first duration bucket
            long results = 0;
            long rows = 0;
            long small = 0; // results in the first row bucket
            long latency = -1;
            long latencies = 0; // the run of executions of that latency
            for (long e; i < n && slotOf(e = log[i]) == slot; i++) {
                long value = e & VALUE;
                boolean carried = (e & WITH_RESULT) != 0;
                if (carried || (e & RESULT) != 0) {
                    long r = carried ? value >>> ROWS_SHIFT : value;
                    results++;
                    rows += r;
                    if (r <= Buckets.ROWS_LONG[0]) {
                        small++;
                    } else {
                        int b = Buckets.index(Buckets.ROWS_LONG, r);
                        a[base + ROW_BUCKETS + b]++;
                        a[base + MASKS] |= 1L << (16 + b);
                    }
                }
                if ((e & RESULT) == 0) {
                    if (carried) {
                        value &= CARRIED_NANOS;
                    }
                    count++;
                    if ((e & ERROR) != 0) {
                        errors++;
                    }
                    nanos += value;
                    if (value <= Buckets.DURATION_NANOS[0]) {
                        fast++;
                    } else {
                        int b = Buckets.index(Buckets.DURATION_NANOS, value);
                        a[base + DURATIONS + b]++;
                        a[base + MASKS] |= 1L << b;
                    }
                    long l = stats.latencyValue(value);
                    if (l != latency) {
                        if (latencies > 0) {
                            addLatency(a, slot, latency, latencies);
                        }
                        latency = l;
                        latencies = 0;
                    }
                    latencies++;
                }
            }
            store(a, slot, count, errors, nanos, fast, results, rows, small);
            if (latencies > 0) {
                addLatency(a, slot, latency, latencies);
            }
        }
    }

    /** Adds a run's sums to slot {@code s} of the table. */
    private static void store(long[] a, int s, long count, long errors, long nanos, long fast, long results, long rows,
                              long small) {
        int base = s * STRIDE;
        a[base + COUNT] += count;
        a[base + ERRORS] += errors;
        a[base + NANOS] += nanos;
        a[base + RESULTS] += results;
        a[base + ROWS] += rows;
        if (fast > 0) {
            a[base + DURATIONS] += fast;
            a[base + MASKS] |= 1L;
        }
        if (small > 0) {
            a[base + ROW_BUCKETS] += small;
            a[base + MASKS] |= 1L << 16;
        }
    }

    /** Adds {@code count} executions of histogram value {@code latency} to slot {@code s} of the table. */
    private void addLatency(long[] a, int s, long latency, long count) {
        int base = s * STRIDE;
        long masks = a[base + MASKS];
        int kept = (int) (masks >>> 32) & 0xff;
        int pair = base + LATENCIES;
        int j = 0;
        while (j < kept && a[pair + 2 * j] != latency) {
            j++;
        }
        if (j == kept) {
            if (kept == PAIRS) { // one more distinct latency than kept: add the kept ones, which makes room
                stats.addLatencies(keys[positions[s]], dbs[s], a, pair, kept);
                masks &= ~(0xffL << 32);
                j = 0;
            }
            a[pair + 2 * j] = latency;
            a[pair + 2 * j + 1] = 0;
            masks += 1L << 32;
        }
        a[pair + 2 * j + 1] += count;
        a[base + MASKS] = masks;
    }

    private static void clear(long[] a, int offset, int mask) {
        for (int m = mask; m != 0; m &= m - 1) {
            a[offset + Integer.numberOfTrailingZeros(m)] = 0;
        }
    }
}
