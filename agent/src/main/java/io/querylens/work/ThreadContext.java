package io.querylens.work;

import io.querylens.detect.ExtensionEvent;
import io.querylens.sql.DbInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-thread agent state, cached on the objects the JDBC layer follows, else found by thread id or, failing
 * that, in a {@code ThreadLocal} ({@link WorkTracker#context()}).
 *
 * <p><b>Ownership.</b> The unit-of-work fields belong to the owning thread, except when the tracker's
 * reaper ends a unit of a thread gone idle (or dead). The handoff is lock-free: the owner moves
 * {@code state} IDLE→BUSY around each event (one uncontended CAS, then a release store), the reaper moves it
 * IDLE→FLUSHING only to detach the idle root unit — a few field writes — and back. Neither ever waits for
 * the other: an owner that finds the context FLUSHING (a window of nanoseconds, after at least the idle
 * gap) drops that event and counts it; a reaper that finds it BUSY tries again at its next sweep.
 */
public final class ThreadContext {
    /** JDBC call depth, for counting wrapped calls once (see {@code io.querylens.bootstrap.JdbcSink}). */
    public int depth;
    /**
     * The thread this context belongs to. The JDBC layer caches a context on the objects it follows and
     * checks this field instead of a {@code ThreadLocal} lookup (16 lookups per prepared statement before).
     */
    public final Thread owner = Thread.currentThread();
    // The references read at every event come first: HotSpot lays out an object's references in the order
    // they are declared, after its primitives, so these share the object's first line or two with them.
    /**
     * {@code stack[top - 1]}, or null when no unit is open, set with {@link #top} by {@link #top(int)}: a
     * statement finds its unit on this object's line, without the stack array's.
     */
    Unit cur;
    /** Statistics this thread has not yet added to the shared ones; null when the tracker keeps none. */
    PendingStats pending;
    /**
     * Per-statement state objects of closed statements, for reuse by the next statement this thread
     * prepares; only the owner touches them (the JDBC layer's, opaque here).
     */
    public final Object[] spareStatements = new Object[4];
    /**
     * The first spare, here rather than in {@link #spareStatements}: a thread with one statement open at a
     * time (nearly every thread) reuses it without reading the array's line, which the driver's work between
     * a statement's prepare and its close evicts. It keeps pointing to its state while that is in use
     * ({@link #firstSpareFree} says whether it is spare), so that a close usually puts it back without a
     * reference write (the JDBC layer's, opaque here).
     */
    public Object firstSpare;
    public boolean firstSpareFree;
    /**
     * SQL texts this thread ran lately and their fingerprints, in pairs, by the text's hash (the JDBC layer's).
     * A web application's worker thread runs every endpoint's statements: the demo's, about a dozen texts,
     * mostly missed four slots. A lookup reads one pair whatever the size.
     */
    public static final int SQL_CACHE = 16;
    public final Object[] sqlCache = new Object[2 * SQL_CACHE];
    /** The SQL text this thread prepared last and its fingerprint, looked at before {@link #sqlCache}'s line. */
    public String lastSql;
    public Object lastFingerprint;
    public int spareStatementCount;
    /**
     * The database of the connection a pool's proxy prepared its statement on, as the driver connection's own
     * prepare hook, further in, left it for the proxy's; cleared when the next outermost prepare begins (the
     * JDBC layer's).
     */
    public DbInfo innerDb;

    static final int IDLE = 0;
    static final int BUSY = 1;
    static final int FLUSHING = 2;
    private static final AtomicIntegerFieldUpdater<ThreadContext> STATE =
            AtomicIntegerFieldUpdater.newUpdater(ThreadContext.class, "state");
    private volatile int state;

    /** Open units, outermost first; {@code stack[top - 1]} receives statements. */
    final Unit[] stack;
    int top;
    /** setAutoCommit(false) was seen on this thread and not undone: a statement after a commit begins a transaction. */
    boolean manualCommit;
    /** A unit object the reaper handed back after ending it, for reuse by the owner. */
    final AtomicReference<Unit> spare = new AtomicReference<>();
    /** Units ended by the owner's current event, published once the context is released. */
    private final List<FinishedUnit> ended = new ArrayList<>(2);
    /**
     * Whether {@link #ended} was handed out since it was last found empty or drained (owner only): most
     * events end no unit, and this field, on a line the event has read already, spares them a read of the
     * list's own line.
     */
    private boolean endedOut;

    /** The thread's name when the implicit unit's name was last made, and that name. */
    String threadName;
    String implicitName;

    /**
     * Units of this thread ended without being built ({@code UnitEnds.skip}): a plain counter written by
     * whoever holds the context, summed by the reaper for the agent's metrics. An atomic increment per unit
     * was about 3% of the tracker's time in the lookup benchmark.
     */
    long unitsSkipped;
    /** Whether the reaper watches this context (and so sums {@link #unitsSkipped}). */
    boolean tracked;

    ExtensionEvent event;
    FindingRaiser.Reporter reporter;

    public ThreadContext() {
        this(WorkTracker.MAX_DEPTH);
    }

    ThreadContext(int maxDepth) {
        this.stack = new Unit[maxDepth];
    }

    /** The owner starts an event; false when the reaper is detaching a unit right now. */
    boolean acquire() {
        return STATE.compareAndSet(this, IDLE, BUSY);
    }

    /** The owner's event is over (a release store: cheaper than a volatile write, enough for the reaper's CAS). */
    void release() {
        STATE.lazySet(this, IDLE);
    }

    /** The reaper (or another thread ending a unit of this one) takes the context. */
    boolean acquireForFlush() {
        return STATE.compareAndSet(this, IDLE, FLUSHING);
    }

    /**
     * As {@link #acquireForFlush()}, retrying until {@code untilNanos} ({@link System#nanoTime()}) while the
     * owner is in an event: the shutdown sweep, which must not leave a busy thread's statistics out of the
     * final report, and an event lasts microseconds. {@code untilNanos} 0: one attempt.
     */
    boolean acquireForFlush(long untilNanos) {
        while (!acquireForFlush()) {
            if (untilNanos == 0 || System.nanoTime() - untilNanos > 0) {
                return false;
            }
            Thread.yield();
        }
        return true;
    }

    void releaseFlush() {
        STATE.set(this, IDLE);
    }

    int state() {
        return state;
    }

    List<FinishedUnit> endedList() {
        endedOut = true;
        return ended;
    }

    int endedCount() {
        if (!endedOut) {
            return 0;
        }
        int n = ended.size();
        endedOut = n != 0;
        return n;
    }

    /** Takes the ended units out (so that a listener running JDBC on this thread cannot disturb the loop). */
    FinishedUnit[] drainEnded() {
        FinishedUnit[] out = ended.toArray(new FinishedUnit[0]);
        ended.clear();
        endedOut = false;
        return out;
    }

    /** The unit receiving statements, or null. */
    Unit current() {
        return cur;
    }

    /** The open unit at stack level {@code level} ({@code < top}), the current one from this object's line. */
    Unit at(int level) {
        return level == top - 1 ? cur : stack[level];
    }

    /** {@code n} units are open now: {@code stack[0..n)}. */
    void top(int n) {
        top = n;
        cur = n == 0 ? null : stack[n - 1];
    }
}
