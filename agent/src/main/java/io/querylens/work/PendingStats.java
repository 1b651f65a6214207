package io.querylens.work;

import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import io.querylens.stats.Buckets;
import io.querylens.stats.StatsRegistry;
import java.util.Arrays;

/**
 * A thread's statistics not yet added to the {@link StatsRegistry}: per fingerprint, counts, sums, bucket
 * counts and latencies added up in a small per-thread table, and added to the shared statistics in one batch
 * ({@link #flush}): one atomic per non-zero figure per fingerprint.
 *
 * <p>Why a per-thread table: adding each execution to the shared statistics took six atomic increments, and
 * threads running the same statement contended for those cache lines. The table is laid out for the lines an
 * event touches: a fingerprint's counts and sums are the first longs of its stride, followed by 16-bit counters
 * of latencies under {@value #SHORT_MICROS} µs (nearly every latency of a fast statement), so an execution of a
 * statement of a few microseconds adds to one or two lines its previous execution touched, which stay in
 * the cache. Bucket 0 of the duration and row histograms is not counted per event: it is what the other
 * buckets leave of the count, worked out at the flush.
 *
 * <p>Before, each event was appended to a log of {@code long}s, added up every 256 events. Appending was cheap,
 * but by the time the log was added up its lines had left the cache (the database driver's work and
 * allocation between two statements evicts what is not touched each time): in the lookup benchmark the adding
 * up cost 10-18 ns per event measured in place, and the log as a whole about 40 ns per statement against none
 * (the agent's sink switched on and off in one JVM, {@code InPlaceCpu}). This table: 30-70 ns less per
 * statement than the log, ten JVMs alternating, every pair lower.
 *
 * <p>When the table is added ({@link #flush}): at an event more than {@link #FLUSH_NANOS} after the first one
 * held back; after {@value #MAX_PENDING} events (the 16-bit counters' bound); when a fingerprint arrives and
 * {@value #MAX_FINGERPRINTS} others are held; by the reaper, for a thread idle with some held back that long;
 * when the thread has died; at shutdown. So the shared statistics lag by about a second at most. Latencies
 * of {@value #SHORT_MICROS} µs or more are held as {@value #PAIRS} (value, count) pairs per fingerprint; a
 * ninth value sends the eight to the shared histogram at once, which may then count executions that the
 * shared counts receive at the next flush.
 *
 * <p>Memory: {@link #STRIDE} longs (496 bytes) per fingerprint held, four at first, grown as the thread needs
 * it to at most {@value #MAX_FINGERPRINTS} (about 8 KB).
 */
final class PendingStats {
    /** The most events held between flushes: a 16-bit latency counter cannot overflow. */
    static final int MAX_PENDING = 0xffff;
    /** The longest a thread keeps statistics back before they are added to the shared ones. */
    static final long FLUSH_NANOS = 1_000_000_000L;
    static final int PAIRS = 8;
    /** Distinct fingerprints held at once; one more flushes them all. */
    static final int MAX_FINGERPRINTS = 16;
    /** The probe table's size: twice the fingerprints held, so a probe stays short. */
    private static final int TABLE = 2 * MAX_FINGERPRINTS;
    private static final int DB = Buckets.DURATION_NANOS.length + 1;
    private static final int RB = Buckets.ROWS_LONG.length + 1;
    /** Latencies under this many microseconds are counted in 16-bit counters, four to a long. */
    static final int SHORT_MICROS = 64;
    /** The latencies the front counts: those of the first long of the short counters, under 4 µs. */
    private static final long FRONT_NANOS = 4 * 1_000;

    // offsets within a fingerprint's stride of the table
    private static final int COUNT = 0;
    private static final int ERRORS = 1;
    private static final int NANOS = 2;
    private static final int RESULTS = 3;
    private static final int ROWS = 4;
    /**
     * Bits 1-15: duration buckets with counts; 17-31: row buckets with counts (bucket 0 of each is worked out
     * at the flush); 32-39: (value, count) pairs of latencies held.
     */
    private static final int MASKS = 5;
    private static final int SHORT = 6;
    private static final int DURATIONS = SHORT + SHORT_MICROS / 4;
    private static final int ROW_BUCKETS = DURATIONS + DB;
    private static final int LATENCIES = ROW_BUCKETS + RB; // (value, count) pairs
    static final int STRIDE = LATENCIES + 2 * PAIRS;

    /** The events held, {@link #pending} of them, the first at {@link #sinceNanos}. */
    int pending;
    long sinceNanos;
    /**
     * The front: what the events of {@link #lastFp} since it became the last added up, not yet in its slot
     * of {@link #v}: executions without error, their nanoseconds, those of 0-3 µs as four 16-bit counters
     * (as {@link #SHORT}'s first long holds them), results and their rows. A thread running one statement
     * after another, as the lookup benchmark and most loops do, adds each event to this object's first line
     * and the table's lines are written once per change of statement (or flush): a table lookup read the
     * array's header and wrote one or two lines of the slot, which the driver's work between two events
     * evicts. The fields are declared for the layout HotSpot gives them (longs, ints, shorts, bytes, then
     * references, each in the order declared): everything an event reads within the first 64 bytes.
     */
    private long frontNanos;
    private long frontShort;
    private long frontRows;
    private int frontCount;
    private int frontResults;
    /** {@link #lastFp}'s slot's offset in the table (at most {@code MAX_FINGERPRINTS * STRIDE}). */
    private short lastBase;
    /** Slots taken. */
    private byte used;
    /** Whether {@link #lastFp}'s slot has its database. */
    private boolean lastHasDb;
    /** The fingerprint looked up last: the front's. */
    private Fingerprint lastFp;

    private final StatsRegistry stats;
    /** Probe table: fingerprint by position ({@code index} hashed), and its slot. */
    private final Fingerprint[] keys = new Fingerprint[TABLE];
    private final byte[] slotAt = new byte[TABLE];
    /** Per slot, in the order taken: its database (the first an execution gave), and its table position. */
    private final DbInfo[] dbs = new DbInfo[MAX_FINGERPRINTS];
    private final byte[] positions = new byte[MAX_FINGERPRINTS];
    /** {@link #STRIDE} longs per slot, all zero between flushes. */
    private long[] v = new long[4 * STRIDE];
    /** Where {@link #flush} puts one long's short-latency counters as (value, count) pairs. */
    private final long[] shortPairs = new long[8];

    PendingStats(StatsRegistry stats) {
        this.stats = stats;
    }

    /** The offset in the table of {@code fp}'s slot, taken if new (flushing everything first when all are taken). */
    private int slot(Fingerprint fp, DbInfo db) {
        if (fp == lastFp) {
            if (db != null && !lastHasDb) {
                dbs[lastBase / STRIDE] = db;
                lastHasDb = true;
            }
            return lastBase;
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
        }
        if (db != null && dbs[s] == null) { // a slot taken by a result has no database yet
            dbs[s] = db;
        }
        spillFront();
        lastFp = fp;
        lastBase = (short) (s * STRIDE);
        lastHasDb = dbs[s] != null;
        return lastBase;
    }

    /** One execution of {@code fp}, of {@code durationNanos}, at {@code nowNanos}; adds everything held when due. */
    void execution(Fingerprint fp, DbInfo db, long durationNanos, boolean error, long nowNanos) {
        long d = Math.max(0, durationNanos);
        if (fp == lastFp && d < FRONT_NANOS && !error && (lastHasDb || db == null)) {
            frontCount++;
            frontNanos += d;
            frontShort += 1L << ((d / 1000) << 4);
            held(nowNanos);
            return;
        }
        int base = slot(fp, db);
        long[] a = v;
        a[base + COUNT]++;
        a[base + NANOS] += d;
        if (error) {
            a[base + ERRORS]++;
        }
        long micros = d / 1000;
        if (micros < SHORT_MICROS) { // the histogram keeps these values exactly; 0 counts as its lowest, 1
            a[base + SHORT + (int) (micros >>> 2)] += 1L << ((micros & 3) << 4);
        } else {
            longer(a, base, d);
        }
        held(nowNanos);
    }

    /** An execution of {@value #SHORT_MICROS} µs or more: its duration bucket and histogram value. */
    private void longer(long[] a, int base, long d) {
        if (d > Buckets.DURATION_NANOS[0]) {
            int b = Buckets.index(Buckets.DURATION_NANOS, d);
            a[base + DURATIONS + b]++;
            a[base + MASKS] |= 1L << b;
        }
        addLatency(a, base, stats.latencyValue(d), 1);
    }

    /** One result of {@code fp}, {@code n} rows read, at {@code nowNanos}; adds everything held when due. */
    void result(Fingerprint fp, long n, long nowNanos) {
        long rows = Math.max(0, n);
        if (fp == lastFp && rows <= Buckets.ROWS_LONG[0]) {
            frontResults++;
            frontRows += rows;
            held(nowNanos);
            return;
        }
        int base = slot(fp, null);
        long[] a = v;
        a[base + RESULTS]++;
        a[base + ROWS] += rows;
        if (rows > Buckets.ROWS_LONG[0]) {
            int b = Buckets.index(Buckets.ROWS_LONG, rows);
            a[base + ROW_BUCKETS + b]++;
            a[base + MASKS] |= 1L << (16 + b);
        }
        held(nowNanos);
    }

    private void held(long nowNanos) {
        int n = pending;
        if (n == 0) {
            sinceNanos = nowNanos;
        }
        pending = ++n;
        if (n >= MAX_PENDING || nowNanos - sinceNanos > FLUSH_NANOS) {
            flush();
        }
    }

    /** Whether what is held must be added now: many events, or the first of them long ago. */
    boolean due(long nowNanos) {
        return pending >= MAX_PENDING || pending > 0 && nowNanos - sinceNanos > FLUSH_NANOS;
    }

    /** Adds the front to its slot of the table and empties it (the caller then changes {@link #lastFp}). */
    private void spillFront() {
        if (frontCount == 0 && frontResults == 0) {
            return;
        }
        long[] a = v;
        int base = lastBase;
        a[base + COUNT] += frontCount;
        a[base + NANOS] += frontNanos;
        // lane by lane: no lane can carry into the next, as the events held are at most MAX_PENDING
        a[base + SHORT] += frontShort;
        a[base + RESULTS] += frontResults;
        a[base + ROWS] += frontRows;
        frontCount = 0;
        frontNanos = 0;
        frontShort = 0;
        frontResults = 0;
        frontRows = 0;
    }

    /** Adds everything held to the shared statistics and forgets it. */
    void flush() {
        spillFront();
        long[] a = v;
        for (int s = 0; s < used; s++) {
            int base = s * STRIDE;
            addShortLatencies(a, s);
            long count = a[base + COUNT];
            long results = a[base + RESULTS];
            long masks = a[base + MASKS];
            int durationMask = (int) masks & 0xffff;
            int rowMask = (int) (masks >>> 16) & 0xffff;
            a[base + DURATIONS] = count - sum(a, base + DURATIONS, durationMask);
            a[base + ROW_BUCKETS] = results - sum(a, base + ROW_BUCKETS, rowMask);
            durationMask |= a[base + DURATIONS] != 0 ? 1 : 0;
            rowMask |= a[base + ROW_BUCKETS] != 0 ? 1 : 0;
            stats.add(keys[positions[s]], dbs[s], (int) count, (int) a[base + ERRORS], a[base + NANOS],
                    a, base + DURATIONS, durationMask, a, base + LATENCIES, (int) (masks >>> 32) & 0xff,
                    (int) results, a[base + ROWS], a, base + ROW_BUCKETS, rowMask);
            clear(a, base + DURATIONS, durationMask);
            clear(a, base + ROW_BUCKETS, rowMask);
            Arrays.fill(a, base, base + SHORT, 0L);
            keys[positions[s]] = null;
            dbs[s] = null;
        }
        used = 0;
        pending = 0;
        lastFp = null;
    }

    /** The counts of the buckets {@code mask} names at {@code a[offset...]}. */
    private static long sum(long[] a, int offset, int mask) {
        long n = 0;
        for (int m = mask; m != 0; m &= m - 1) {
            n += a[offset + Integer.numberOfTrailingZeros(m)];
        }
        return n;
    }

    /**
     * Adds slot {@code s}'s short-latency counters to the shared histogram and clears them. Counter {@code m}
     * holds latencies of {@code m} µs; 0 µs counts as 1, the histogram's lowest value, as
     * {@link StatsRegistry#latencyValue} makes it.
     */
    private void addShortLatencies(long[] a, int s) {
        int at = s * STRIDE + SHORT;
        long[] pairs = shortPairs;
        for (int k = 0; k < SHORT_MICROS / 4; k++) {
            long packed = a[at + k];
            if (packed != 0) {
                a[at + k] = 0;
                int n = 0;
                for (int lane = 0; lane < 4; lane++) {
                    long c = packed >>> (lane << 4) & 0xffff;
                    if (c != 0) {
                        pairs[2 * n] = Math.max(1, 4 * k + lane);
                        pairs[2 * n + 1] = c;
                        n++;
                    }
                }
                stats.addLatencies(keys[positions[s]], dbs[s], pairs, 0, n);
            }
        }
    }

    /**
     * Adds {@code count} executions of histogram value {@code latency} to the slot at {@code base}. A new value
     * when {@value #PAIRS} are held sends those eight to the shared histogram first, as the log's adding up
     * did: a slow statement's latencies vary, and adding everything the thread holds at each ninth value
     * would turn a few slow statements into a flush of every fingerprint.
     */
    private void addLatency(long[] a, int base, long latency, long count) {
        long masks = a[base + MASKS];
        int kept = (int) (masks >>> 32) & 0xff;
        int pair = base + LATENCIES;
        int j = 0;
        while (j < kept && a[pair + 2 * j] != latency) {
            j++;
        }
        if (j == kept) {
            if (kept == PAIRS) {
                int s = base / STRIDE;
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
