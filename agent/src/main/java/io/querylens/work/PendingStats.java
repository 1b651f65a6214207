package io.querylens.work;

import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import io.querylens.stats.Buckets;
import io.querylens.stats.StatsRegistry;
import java.util.Arrays;

/**
 * A thread's statistics not yet added to the {@link StatsRegistry}, per fingerprint: counts, sums, bucket
 * counts and up to {@value #PAIRS} distinct latencies (by histogram bucket) with their counts, in one plain
 * array that whoever holds the thread's {@link ThreadContext} writes.
 *
 * <p>Why: adding each execution to the shared statistics took six atomic increments (sum, duration bucket, two
 * in the latency histogram, rows, row bucket); under load, threads running the same statement also contend
 * for those cache lines. Added up here they cost one atomic per non-zero figure per fingerprint, once every
 * {@value #MAX_PENDING} events. They were first kept per unit of work and added when the unit ended: in a
 * profile of the lookup benchmark (a unit per transaction of three statements) that flush was about 7% of the
 * agent's time per statement, and it put shared atomics on every unit's end. So they are kept per thread,
 * across units (the time per statement then did not move measurably through the benchmark's noise).
 *
 * <p>When they are added ({@link #flush}): after {@value #MAX_PENDING} events; at an event more than
 * {@link #FLUSH_NANOS} after the first one held back; when a fingerprint arrives and
 * {@value #MAX_FINGERPRINTS} others are held; by the reaper, for a thread idle with some held back that long;
 * when the thread has died; at shutdown. So the shared statistics lag by about a second at most.
 *
 * <p>Memory: at most {@value #MAX_FINGERPRINTS} fingerprints of {@link #STRIDE} longs each (about 6 KB), grown
 * as the thread needs them.
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

    // offsets within a fingerprint's stride
    private static final int COUNT = 0;
    private static final int ERRORS = 1;
    private static final int NANOS = 2;
    private static final int RESULTS = 3;
    private static final int ROWS = 4;
    /**
     * Bits 0-15: duration buckets with counts; 16-31: row buckets with counts; 32-39: latencies kept; bit 40:
     * the database is known.
     */
    private static final int MASKS = 5;
    private static final long DB_KNOWN = 1L << 40;
    private static final int DURATIONS = 6;
    private static final int ROW_BUCKETS = DURATIONS + DB;
    private static final int LATENCIES = ROW_BUCKETS + RB; // (value, count) pairs
    static final int STRIDE = LATENCIES + 2 * PAIRS;

    private final StatsRegistry stats;
    /** Probe table: fingerprint by position ({@code index} hashed), and its slot in {@link #v}. */
    private final Fingerprint[] keys = new Fingerprint[TABLE];
    private final byte[] slotAt = new byte[TABLE];
    /** Per slot, in the order taken: its database, and its table position (where its fingerprint is). */
    private final DbInfo[] dbs = new DbInfo[MAX_FINGERPRINTS];
    private final byte[] positions = new byte[MAX_FINGERPRINTS];
    private long[] v = new long[4 * STRIDE];
    /** Slots taken. */
    private int used;
    /**
     * The fingerprint looked up last and its slot: a thread repeats its statements, and this saves the probe
     * table's two cache lines when it does (a line the driver's work has evicted costs about 2.5 ns).
     */
    private Fingerprint lastFp;
    private int lastSlot;
    /** Events since the last flush, and the time of the first of them. */
    int pending;
    long sinceNanos;

    PendingStats(StatsRegistry stats) {
        this.stats = stats;
    }

    /** The slot of {@code fp}, taken if new (flushing everything first when all are taken). */
    private int slot(Fingerprint fp, DbInfo db) {
        if (fp == lastFp) {
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
            if ((s + 1) * STRIDE > v.length) {
                v = Arrays.copyOf(v, Math.min(MAX_FINGERPRINTS, 2 * (s + 1)) * STRIDE);
            }
            keys[p] = fp;
            slotAt[p] = (byte) s;
            positions[s] = (byte) p;
            if (db != null) {
                dbs[s] = db;
                v[s * STRIDE + MASKS] = DB_KNOWN;
            }
        }
        lastFp = fp;
        lastSlot = s;
        return s;
    }

    private void touch(long nowNanos) {
        if (pending++ == 0) {
            sinceNanos = nowNanos;
        }
    }

    /** One execution of {@code fp}, of {@code durationNanos}, at {@code nowNanos}; adds everything held when due. */
    void execution(Fingerprint fp, DbInfo db, long durationNanos, boolean error, long nowNanos) {
        long d = durationNanos < 0 ? 0 : durationNanos;
        long latency = stats.latencyValue(d);
        int base = slot(fp, db) * STRIDE;
        long[] a = v;
        long masks = a[base + MASKS];
        if ((masks & DB_KNOWN) == 0 && db != null) { // the slot was taken by a result
            dbs[base / STRIDE] = db;
            masks |= DB_KNOWN;
        }
        int kept = (int) (masks >>> 32) & 0xff;
        int pair = base + LATENCIES;
        int j = 0;
        while (j < kept && a[pair + 2 * j] != latency) {
            j++;
        }
        if (j == kept) {
            if (kept == PAIRS) { // one more distinct latency than kept: add the kept ones, which makes room
                stats.addLatencies(fp, dbs[base / STRIDE], a, pair, kept);
                masks &= ~(0xffL << 32);
                j = 0;
            }
            a[pair + 2 * j] = latency;
            a[pair + 2 * j + 1] = 0;
            masks += 1L << 32;
        }
        a[pair + 2 * j + 1]++;
        touch(nowNanos);
        a[base + COUNT]++;
        if (error) {
            a[base + ERRORS]++;
        }
        a[base + NANOS] += d;
        int b = Buckets.index(Buckets.DURATION_NANOS, d);
        a[base + DURATIONS + b]++;
        a[base + MASKS] = masks | 1L << b;
        flushIfDue(nowNanos);
    }

    /** One result of {@code fp}, {@code n} rows read, at {@code nowNanos}; adds everything held when due. */
    void result(Fingerprint fp, long n, long nowNanos) {
        int base = slot(fp, null) * STRIDE;
        touch(nowNanos);
        long[] a = v;
        a[base + RESULTS]++;
        a[base + ROWS] += Math.max(0, n);
        int b = Buckets.index(Buckets.ROWS_LONG, n);
        a[base + ROW_BUCKETS + b]++;
        a[base + MASKS] |= 1L << (16 + b);
        flushIfDue(nowNanos);
    }

    private void flushIfDue(long nowNanos) {
        if (due(nowNanos)) {
            flush();
        }
    }

    /** Whether what is held must be added now: many events, or the first of them long ago. */
    boolean due(long nowNanos) {
        return pending >= MAX_PENDING || pending > 0 && nowNanos - sinceNanos > FLUSH_NANOS;
    }

    /** Adds everything held to the shared statistics and forgets it. */
    void flush() {
        long[] a = v;
        for (int s = 0; s < used; s++) {
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
        used = 0;
        pending = 0;
        lastFp = null;
    }

    private static void clear(long[] a, int offset, int mask) {
        for (int m = mask; m != 0; m &= m - 1) {
            a[offset + Integer.numberOfTrailingZeros(m)] = 0;
        }
    }
}
