package io.querylens.work;

import io.querylens.bootstrap.Config;
import io.querylens.bootstrap.Log;
import io.querylens.bootstrap.WorkSink;
import io.querylens.detect.Allowlist;
import io.querylens.detect.AppPackages;
import io.querylens.detect.CallSites;
import io.querylens.detect.Detectors;
import io.querylens.detect.ExtensionEvent;
import io.querylens.detect.Extensions;
import io.querylens.detect.FindingRegistry;
import io.querylens.detect.FrameFilter;
import io.querylens.detect.Types;
import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import io.querylens.stats.StatsRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes statement events to the current unit of work of each thread and runs the detectors on them.
 *
 * <pre>{@code
 * WorkTracker work = new WorkTracker(config, findingRegistry, fingerprintCapacity, exporter::unitFinished);
 * work.start();                                   // the reaper of idle threads' units
 * Hooks.install(jdbcSink, work);                  // servlets and the public API reach it as a WorkSink
 * // in the JDBC sink, on the application's thread:
 * ThreadContext ctx = work.context();
 * work.executed(ctx, fp, db, startNanos, System.nanoTime() - startNanos, bindHash, 1, null);
 * work.resultRead(ctx, fp, rows, columnMask, columnCount, rowsRemained, limited, fetchSize);
 * // at shutdown, before the final report:
 * work.close();                                   // stops the reaper, ends idle threads' open units
 * }</pre>
 *
 * <p><b>Units of work</b>, innermost receiving the statements: an HTTP request ({@link #beginRequest});
 * an explicit unit ({@link #beginExplicit}, from the extension API; units nest); a JDBC transaction when no
 * other unit is open ({@link #transactionBegin} at {@code setAutoCommit(false)}, and again at the first
 * statement after a commit or rollback while autocommit stays off); otherwise an implicit per-thread unit,
 * ended by an idle gap or a statement cap, so a batch job in autocommit mode is judged too. Beginning any
 * other unit ends an open implicit unit first.
 *
 * <p><b>Cost.</b> Per statement: one CAS to own the thread's context, an open-addressing lookup by
 * fingerprint index, a parameter-hash probe for SELECTs and a few counter updates — no allocation once the
 * thread's unit has grown to its working set, no lock, no log. Allocation happens when a unit ends (the
 * {@link FinishedUnit}) and when a finding is raised (its call site, resolved at most once per type,
 * fingerprint and unit name).
 *
 * <p><b>Time.</b> {@code startNanos} arguments are {@link System#nanoTime()} values; finished units carry
 * epoch nanoseconds derived from them.
 *
 * <p>Nothing here throws into the application: each entry point catches everything, counts it and logs it
 * once.
 */
public final class WorkTracker implements WorkSink, AutoCloseable {
    static final int MAX_DEPTH = 8;
    /** What {@link #executed} returns when the execution is in no unit's entry. */
    public static final long NO_ENTRY = -1;
    /** Results of more rows than this move their unit's last activity to the time they are closed. */
    static final long LONG_RESULT_ROWS = 16;

    private final long idleNanos;
    private final int maxStatements;
    private final int overflowIndex;

    private final Detectors detectors;
    private final FindingRaiser findings;
    private final Extensions extensions;
    /** Whether there are extension detectors: a field of the tracker, whose line every event reads anyway. */
    private final boolean hasExtensions;
    private final TraceParents traces;
    private final UnitEnds ends;
    private final UnitStack stack;
    private final Reaper reaper;
    /** Where executions and results are counted (through each thread's {@link PendingStats}); may be null. */
    private final StatsRegistry stats;
    private final ThreadLocal<ThreadContext> contexts = ThreadLocal.withInitial(this::newContext);
    /**
     * Contexts by the low bits of their thread's id, in front of {@link #contexts}: a slot holds the context
     * of the thread that last looked it up there, checked by its owner. A hook on an object without a cached
     * context (a pool's inner connection or statement, a request) looked it up in the thread's
     * {@code ThreadLocal} map, which on an application server's worker thread holds many entries: CPU
     * profiles of the demo under load put about 260 samples of 100 µs in those lookups in 25 s, some 3.5 µs
     * a request. Two threads sharing a slot take turns in it; the reaper clears the slot of a dead thread.
     */
    private final ThreadContext[] byThread = new ThreadContext[THREAD_SLOTS];
    static final int THREAD_SLOTS = 1024;

    private final AtomicLong lostEvents = new AtomicLong();
    private final AtomicLong lostStatements = new AtomicLong();
    private final AtomicLong lateResults = new AtomicLong();
    private final AtomicLong staleTokens = new AtomicLong();
    private final AtomicLong internalErrors = new AtomicLong();

    /**
     * The tracker as the agent runs it: settings, call-site packages, allowlist and extension detectors
     * from {@code config} (see the README for the keys).
     *
     * @param findings            where every unit's findings are aggregated
     * @param fingerprintCapacity the fingerprint registry's bound: the overflow fingerprint (index
     *                            {@code fingerprintCapacity}) stands for many statements and is never judged
     * @param listener            receives every finished unit (may be null, see {@link #setListener})
     */
    public WorkTracker(Config config, FindingRegistry findings, int fingerprintCapacity, UnitListener listener,
                       StatsRegistry stats) {
        this(config, findings, fingerprintCapacity, listener,
                Extensions.load(config.getList("querylens.extensions"), WorkTracker.class.getClassLoader()),
                new TraceParents(), null, stats);
    }

    /** With the extension detectors, trace source and (when not null) call-site filter given: for tests. */
    WorkTracker(Config config, FindingRegistry registry, int fingerprintCapacity, UnitListener listener,
                Extensions extensions, TraceParents traces, FrameFilter frameFilter, StatsRegistry stats) {
        this.stats = stats;
        long idleMillis = config.getMillis("querylens.unit.idle.timeout", 1000, 1, 3_600_000);
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        long staleNanos = TimeUnit.MILLISECONDS.toNanos(
                Math.max(idleMillis, config.getMillis("querylens.unit.stale.timeout", 30_000, 1, 86_400_000)));
        this.maxStatements = config.getInt("querylens.unit.max.statements", 1000, 1, 100_000_000);
        int maxFingerprints = config.getInt("querylens.unit.max.fingerprints", 256, 1, 65_536);
        int maxParameters = config.getInt("querylens.unit.max.parameters", 1024, 1, 1 << 20);
        int samplesPerFingerprint = config.getInt("querylens.spans.per.statement", 5, 0, 1000);
        int maxFindings = config.getInt("querylens.unit.max.findings", 32, 1, 10_000);
        this.overflowIndex = fingerprintCapacity;
        this.detectors = Detectors.fromConfig(config);
        Allowlist allow = new Allowlist(config.getList("querylens.allow"));
        this.extensions = extensions == null ? Extensions.NONE : extensions;
        this.hasExtensions = !this.extensions.isEmpty();
        FrameFilter filter = frameFilter != null ? frameFilter
                : new FrameFilter(AppPackages.fromConfig(config), config.getList("querylens.callsite.skip"));
        // a detector reporting from onStatement is on the stack: never its call site
        filter = filter.withSkips(this.extensions.classNames());
        this.findings = new FindingRaiser(allow,
                new CallSites(filter, config.getInt("querylens.callsite.cache.max", 4096, 0, 1 << 20)));
        this.traces = traces;
        long epochOffset = epochNow() - System.nanoTime();
        this.ends = new UnitEnds(detectors, this.extensions, allow, registry == null ? new FindingRegistry(1000) : registry,
                epochOffset, maxFindings, listener);
        this.stack = new UnitStack(idleNanos, staleNanos, maxFingerprints, maxParameters, samplesPerFingerprint,
                maxFindings, ends);
        this.reaper = new Reaper(this, config.getInt("querylens.unit.max.threads", 10_000, 1, 10_000_000),
                Math.max(10, Math.min(500, idleMillis / 2)));
        if (Log.debugEnabled()) {
            Log.debug("units of work: idle " + idleMillis + "ms, cap " + maxStatements + " statements; call sites in "
                    + (filter.appPackagesKnown() ? filter.appPackages() : "(application packages unknown)"));
        }
    }

    private static long epochNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Starts the daemon thread that ends the units of idle and dead threads. */
    public void start() {
        reaper.start();
    }

    /** Stops the reaper and ends every idle thread's implicit or transaction unit (for the final report). */
    @Override
    public void close() {
        reaper.stop();
        flush();
    }

    /**
     * Ends now every open implicit or transaction unit of threads not running an event, and every unit of
     * dead threads; requests and explicit units stay open. Returns the units ended.
     */
    public int flush() {
        return reaper.sweep(System.nanoTime(), true);
    }

    public void setListener(UnitListener listener) {
        ends.listener(listener);
    }

    /**
     * This thread's context: its slot in {@link #byThread} when the thread holds it, else the
     * {@code ThreadLocal} lookup, which then takes the slot.
     */
    public ThreadContext context() {
        Thread t = Thread.currentThread();
        int i = slot(t);
        ThreadContext c = byThread[i];
        if (c == null || c.owner != t) {
            c = contexts.get();
            byThread[i] = c;
        }
        return c;
    }

    private static int slot(Thread t) {
        return (int) t.getId() & (THREAD_SLOTS - 1);
    }

    /** The context in {@code owner}'s slot of the fast lookup, whoever it belongs to: for tests. */
    ThreadContext slotOf(Thread owner) {
        return byThread[slot(owner)];
    }

    /**
     * Reaper: {@code ctx}'s thread is gone; its slot no longer holds it. A slot the reaper does not watch (a
     * thread past its bound) is cleared by {@link #forgetUnwatched} instead.
     */
    void forget(ThreadContext ctx) {
        int i = slot(ctx.owner);
        if (byThread[i] == ctx) {
            byThread[i] = null; // a thread that took the slot meanwhile looks its context up again
        }
    }

    /** Reaper: clears the slots of dead threads it does not watch (past its bound of threads). */
    void forgetUnwatched() {
        ThreadContext[] slots = byThread;
        for (int i = 0; i < slots.length; i++) {
            ThreadContext c = slots[i];
            if (c != null && !c.tracked && !c.owner.isAlive()) {
                slots[i] = null;
            }
        }
    }

    private ThreadContext newContext() {
        ThreadContext ctx = new ThreadContext(MAX_DEPTH);
        reaper.register(ctx);
        // Only a thread the reaper watches holds statistics back: nothing else would add them once it idles.
        if (stats != null && ctx.tracked) {
            ctx.pending = new PendingStats(stats);
        }
        return ctx;
    }

    // ---------------------------------------------------------------- statements

    /**
     * A statement (or batch) finished executing on this thread.
     *
     * @param startNanos    {@link System#nanoTime()} at its start
     * @param bindHash      a hash of its parameter values (for a plain {@code Statement}, of its SQL text with
     *                      literals, so that different literals count as different parameters)
     * @param batchSize     statements in the batch for {@code executeBatch}, else 1
     * @param errorType     the exception's class name or SQLState when it failed, else null
     */
    public long executed(ThreadContext ctx, Fingerprint fp, DbInfo db, long startNanos, long durationNanos,
                         long bindHash, int batchSize, String errorType) {
        if (ctx == null || fp == null) {
            return NO_ENTRY;
        }
        if (!ctx.acquire()) {
            lostEvents.incrementAndGet();
            lostStatements.incrementAndGet();
            recordNow(fp, db, durationNanos, errorType != null);
            return NO_ENTRY;
        }
        long entry = NO_ENTRY;
        try {
            Unit u = unitForStatement(ctx, startNanos);
            if (u != null) {
                int e = record(ctx, u, fp, db, startNanos, durationNanos, bindHash, batchSize, errorType);
                if (e >= 0) {
                    entry = entryToken(ctx.top - 1, u.generation, e);
                }
            }
            PendingStats p = ctx.pending;
            if (p != null) {
                p.execution(fp, db, durationNanos, errorType != null, startNanos);
            } else {
                recordNow(fp, db, durationNanos, errorType != null);
            }
        } catch (Throwable t) {
            internalError(t);
        } finally {
            ctx.release();
        }
        publish(ctx);
        return entry;
    }

    /**
     * An execution's place as {@link #executed} returns it: the unit's stack level (bits 48-55), the unit's
     * generation (16-47, so that a later unit at the same level does not take it) and the entry (0-15; a
     * unit keeps at most 65,536).
     */
    private static long entryToken(int level, long generation, int e) {
        return (long) level << 48 | (generation & 0xffff_ffffL) << 16 | e;
    }

    /** The entry {@code token} names in {@code u}, the unit at its level; -1 when {@code u} came later. */
    private static int entryIn(long token, Unit u) {
        return (int) (token >>> 16) == (int) u.generation ? (int) token & 0xffff : -1;
    }

    private Unit unitForStatement(ThreadContext ctx, long startNanos) {
        Unit u = ctx.current();
        if (u != null && u.kind == FinishedUnit.Kind.IMPLICIT) {
            // A statement after the gap starts a new window even if a result of the old one is still open;
            // only the reaper, which cannot know whether rows are still being read, waits for open results.
            if (startNanos - u.lastEventNanos > idleNanos || u.statements >= maxStatements) {
                stack.endFrom(ctx, 0, u.lastEventNanos, ctx.endedList());
                u = null;
            }
        }
        if (u != null) {
            return u;
        }
        if (ctx.manualCommit) {
            return pushForStatements(ctx, FinishedUnit.Kind.TRANSACTION, startNanos);
        }
        Unit implicit = pushForStatements(ctx, FinishedUnit.Kind.IMPLICIT, startNanos);
        if (implicit != null) {
            implicit.explicitName = UnitNames.implicit(ctx);
        }
        return implicit;
    }

    /**
     * Opens a transaction or implicit unit, which its statements begin. Its trace parent (the application's
     * current span) is asked for only when the unit keeps its executions for the export ({@link Unit#sampling}):
     * nothing else reads it, and the lookup (the thread's context loader, then the cached handles of the
     * OpenTelemetry API it sees) cost a few cache lines per transaction when nothing is exported.
     */
    private Unit pushForStatements(ThreadContext ctx, FinishedUnit.Kind kind, long startNanos) {
        Unit u = stack.push(ctx, kind, startNanos, null);
        if (u != null && u.sampling) {
            u.parentTraceparent = traces.current();
        }
        return u;
    }

    /** Records the execution in {@code u}; returns its entry there, or -1 (the unit's bound was reached). */
    private int record(ThreadContext ctx, Unit u, Fingerprint fp, DbInfo db, long startNanos, long durationNanos,
                       long bindHash, int batchSize, String errorType) {
        int statements = ++u.statements;
        u.lastEventNanos = startNanos + Math.max(0, durationNanos);
        boolean judged = fp.index != overflowIndex;
        int e = u.stats.execution(fp, startNanos, durationNanos, errorType != null);
        if (e >= 0) {
            int count = u.stats.count(e);
            if (count == 1) { // the entry's first execution in this unit: its database
                if (e >= u.db.length) {
                    u.ensureEntries();
                }
                if (u.db[e] != db) { // the same as the last unit's, usually: see UnitStats.clear
                    u.db[e] = db;
                }
            }
            u.sample(e, count, startNanos, durationNanos, batchSize, errorType);
            if (errorType == null && fp.isSelect()) {
                u.openResults++;
            }
            if (judged) {
                int raised = detectors.afterExecution(u.stats, e, fp, durationNanos, bindHash, batchSize);
                if (raised != 0) {
                    findings.raise(u, raised, e, fp);
                }
            }
        }
        if (detectors.afterStatement(statements, u.kind == FinishedUnit.Kind.IMPLICIT)) {
            findings.raise(u, Types.bit(Types.QUERY_EXPLOSION), -1, null);
        }
        if (hasExtensions && judged) {
            ExtensionEvent event = ctx.event == null ? (ctx.event = new ExtensionEvent()) : ctx.event;
            event.execution(fp, durationNanos, batchSize, errorType != null, bindHash, e >= 0 ? u.stats.count(e) : 0,
                    u.name());
            extensions.onStatement(event, findings.reporter(ctx, u, fp));
        }
        return e;
    }

    /**
     * The result of an execution of {@code fp} on this thread was closed (or abandoned): {@code rows} read
     * with {@code next()}, the columns read as a bit mask (bit i = column i+1, bit 63 = any beyond), the
     * columns the result had (-1 unknown), whether rows remained unread (1 yes, 0 no, -1 unknown), whether
     * the statement limited its rows (SQL LIMIT or setMaxRows) and the fetch size set on it (0 = default).
     * A result whose execution belongs to a unit that has already ended is counted in {@link #lateResults()}
     * and otherwise ignored.
     */
    public void resultRead(ThreadContext ctx, Fingerprint fp, long rows, long columnMask, int columnCount,
                           int rowsRemained, boolean limited, int fetchSize) {
        resultRead(ctx, fp, NO_ENTRY, rows, columnMask, columnCount, rowsRemained, limited, fetchSize);
    }

    /**
     * As above, with {@code entry} what {@link #executed} returned for the execution that gave the result: it
     * names the unit and entry the result belongs to while that unit is open, so the result needs no lookup
     * (else, or with {@link #NO_ENTRY}, the innermost open unit that ran {@code fp} takes it).
     */
    public void resultRead(ThreadContext ctx, Fingerprint fp, long entry, long rows, long columnMask, int columnCount,
                           int rowsRemained, boolean limited, int fetchSize) {
        if (ctx == null || fp == null) {
            return;
        }
        if (!ctx.acquire()) {
            lostEvents.incrementAndGet();
            recordRowsNow(fp, rows);
            return;
        }
        try {
            Unit u = null;
            int e = -1;
            int level = (int) (entry >>> 48);
            if (entry >= 0 && level < ctx.top) {
                u = ctx.at(level);
                e = entryIn(entry, u);
            }
            for (int i = ctx.top - 1; i >= 0 && e < 0; i--) {
                u = ctx.stack[i];
                e = u.stats.find(fp);
            }
            PendingStats p = ctx.pending;
            if (p != null) {
                p.result(fp, rows, e >= 0 ? u.lastEventNanos : p.sinceNanos);
            } else {
                recordRowsNow(fp, rows);
            }
            if (e < 0) {
                lateResults.incrementAndGet();
                return;
            }
            if (u.openResults > 0) {
                u.openResults--;
            }
            // A result read over a long time keeps its implicit unit from looking idle. Reading the clock
            // costs about 23 ns, a tenth of the agent's cost per statement, so it is read only for results
            // long enough for that to matter; a short result is done within microseconds of its execution.
            if (rows > LONG_RESULT_ROWS && u == ctx.current()) {
                u.lastEventNanos = Math.max(u.lastEventNanos, System.nanoTime());
            }
            u.stats.rows(e, rows);
            u.sampleRows(e, rows);
            if (fp.index != overflowIndex) {
                int raised = detectors.afterResult(u.stats, e, fp, rows, columnMask, columnCount, rowsRemained,
                        limited, fetchSize);
                if (raised != 0) {
                    findings.raise(u, raised, e, fp);
                }
                if (hasExtensions) {
                    ExtensionEvent event = ctx.event == null ? (ctx.event = new ExtensionEvent()) : ctx.event;
                    extensions.onResult(event.result(fp, rows, u.stats.count(e), u.name()), findings.reporter(ctx, u, fp));
                }
            }
        } catch (Throwable t) {
            internalError(t);
        } finally {
            ctx.release();
        }
    }

    /** An execution counted at once: its thread's context was taken, or the tracker keeps nothing back. */
    private void recordNow(Fingerprint fp, DbInfo db, long durationNanos, boolean error) {
        if (stats != null) {
            stats.record(fp, db, durationNanos, error);
        }
    }

    private void recordRowsNow(Fingerprint fp, long rows) {
        if (stats != null) {
            stats.recordRows(fp, rows);
        }
    }

    // ---------------------------------------------------------------- transactions

    /**
     * {@code setAutoCommit(false)} on this thread: a transaction unit begins unless another unit (request,
     * explicit, transaction) is open; from now on, the first statement after each commit or rollback begins
     * the next one, until {@link #autoCommitRestored}.
     */
    public void transactionBegin(ThreadContext ctx) {
        if (ctx == null) {
            return;
        }
        if (!ctx.acquire()) {
            lostEvents.incrementAndGet();
            return;
        }
        try {
            ctx.manualCommit = true;
            stack.endImplicit(ctx);
            if (ctx.top == 0) {
                pushForStatements(ctx, FinishedUnit.Kind.TRANSACTION, System.nanoTime());
            }
        } catch (Throwable t) {
            internalError(t);
        } finally {
            ctx.release();
        }
        publish(ctx);
    }

    /** {@code commit()} or {@code rollback()} on this thread: the open transaction unit ends. */
    public void transactionEnd(ThreadContext ctx, boolean committed) {
        endTransaction(ctx, committed, false);
    }

    /**
     * {@code setAutoCommit(true)} on this thread: an open transaction unit ends (JDBC commits it) and
     * statements are no longer grouped into transactions.
     */
    public void autoCommitRestored(ThreadContext ctx) {
        endTransaction(ctx, true, true);
    }

    private void endTransaction(ThreadContext ctx, boolean committed, boolean autoCommit) {
        if (ctx == null) {
            return;
        }
        if (!ctx.acquire()) {
            lostEvents.incrementAndGet();
            return;
        }
        try {
            if (autoCommit) {
                ctx.manualCommit = false;
            }
            for (int i = ctx.top - 1; i >= 0; i--) {
                Unit u = ctx.at(i);
                if (u.kind == FinishedUnit.Kind.TRANSACTION) {
                    if (!committed) {
                        u.errorType = "rollback";
                    }
                    stack.endFrom(ctx, i, UnitStack.NOW, ctx.endedList());
                    break;
                }
                if (u.kind != FinishedUnit.Kind.IMPLICIT) {
                    break; // a request or explicit unit above it: the transaction is inside that unit
                }
            }
        } catch (Throwable t) {
            internalError(t);
        } finally {
            ctx.release();
        }
        publish(ctx);
    }

    // ---------------------------------------------------------------- explicit units and requests

    @Override
    public Object beginExplicit(String name) {
        ThreadContext ctx = context();
        if (!ctx.acquire()) {
            lostEvents.incrementAndGet();
            return null;
        }
        Object token = null;
        try {
            stack.endImplicit(ctx);
            Unit outer = ctx.current();
            String parent = traces.current();
            Unit u = stack.push(ctx, FinishedUnit.Kind.EXPLICIT, System.nanoTime(),
                    parent != null ? parent : outer == null ? null : outer.parentTraceparent);
            if (u != null) {
                u.explicitName = UnitNames.bounded(name == null || name.isBlank() ? "unnamed" : name.trim());
                token = new Token(ctx, u);
            }
        } catch (Throwable t) {
            internalError(t);
        } finally {
            ctx.release();
        }
        publish(ctx);
        return token;
    }

    @Override
    public void endExplicit(Object token) {
        end(token, 0, null);
    }

    @Override
    public Object beginRequest(String method, String path, String traceparent) {
        ThreadContext ctx = context();
        if (!ctx.acquire()) {
            lostEvents.incrementAndGet();
            return null;
        }
        Object token = null;
        try {
            for (int i = 0; i < ctx.top; i++) {
                if (ctx.stack[i].kind == FinishedUnit.Kind.REQUEST) {
                    return null; // a forward or include inside the request already tracked
                }
            }
            stack.endImplicit(ctx);
            Unit outer = ctx.current();
            // An active OpenTelemetry span (e.g. the OpenTelemetry agent's server span) is the closest
            // parent; else the header's; else an enclosing unit's trace.
            String parent = traces.current();
            if (parent == null) {
                parent = TraceParents.valid(traceparent);
            }
            if (parent == null && outer != null) {
                parent = outer.parentTraceparent;
            }
            Unit u = stack.push(ctx, FinishedUnit.Kind.REQUEST, System.nanoTime(), parent);
            if (u != null) {
                u.method = method == null || method.isEmpty() ? "GET" : UnitNames.bounded(method);
                u.path = path; // normalized when the unit is named
                token = new Token(ctx, u);
            }
        } catch (Throwable t) {
            internalError(t);
        } finally {
            ctx.release();
        }
        publish(ctx);
        return token;
    }

    @Override
    public void route(String route) {
        if (route == null || route.isEmpty()) {
            return;
        }
        ThreadContext ctx = context();
        if (!ctx.acquire()) {
            lostEvents.incrementAndGet();
            return;
        }
        try {
            for (int i = ctx.top - 1; i >= 0; i--) {
                Unit u = ctx.stack[i];
                if (u.kind == FinishedUnit.Kind.REQUEST) {
                    u.route(UnitNames.bounded(route.startsWith("/") ? route : "/" + route));
                    break;
                }
            }
        } catch (Throwable t) {
            internalError(t);
        } finally {
            ctx.release();
        }
    }

    @Override
    public void endRequest(Object token, int status, Throwable error) {
        end(token, status, error == null ? null : error.getClass().getName());
    }

    /**
     * Ends the unit of {@code token} and any unit opened inside it and left open. On its own thread this
     * owns the context as any event does; from another thread (an async request completing elsewhere) it
     * takes the context only if that thread is not in an event right now, else the end is counted lost.
     */
    private void end(Object token, int status, String errorType) {
        if (!(token instanceof Token)) {
            return;
        }
        Token t = (Token) token;
        ThreadContext ctx = t.ctx;
        boolean own = ctx.owner == Thread.currentThread();
        if (own ? !ctx.acquire() : !ctx.acquireForFlush()) {
            lostEvents.incrementAndGet();
            return;
        }
        java.util.List<FinishedUnit> out = own ? ctx.endedList() : new java.util.ArrayList<>(2);
        try {
            int index = -1;
            for (int i = 0; i < ctx.top; i++) {
                if (ctx.stack[i] == t.unit && t.unit.generation == t.generation) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                staleTokens.incrementAndGet();
            } else {
                if (status != 0) {
                    t.unit.httpStatus = status;
                }
                if (errorType != null) {
                    t.unit.errorType = errorType;
                }
                stack.endFrom(ctx, index, UnitStack.NOW, out);
            }
        } catch (Throwable e) {
            internalError(e);
        } finally {
            if (own) {
                ctx.release();
            } else {
                ctx.releaseFlush();
            }
        }
        if (own) {
            publish(ctx);
        } else {
            for (FinishedUnit f : out) {
                ends.deliver(f);
            }
        }
    }

    // ---------------------------------------------------------------- ending units

    /** Publishes the units the owner's last event ended; called after the context is released. */
    private void publish(ThreadContext ctx) {
        if (ctx.endedCount() == 0) {
            return;
        }
        FinishedUnit[] done = ctx.drainEnded();
        for (FinishedUnit f : done) {
            ends.deliver(f);
        }
    }

    void deliver(FinishedUnit f) {
        ends.deliver(f);
    }

    /** Reaper, for a live thread: see {@link UnitStack#endIfIdle}. */
    void endIfIdle(ThreadContext ctx, long now, boolean all, long waitUntil, List<FinishedUnit> out) {
        try {
            stack.endIfIdle(ctx, now, all, waitUntil, out);
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** Reaper, for a dead thread: see {@link UnitStack#endAll}. */
    boolean endAll(ThreadContext ctx, List<FinishedUnit> out) {
        try {
            return stack.endAll(ctx, out);
        } catch (Throwable t) {
            internalError(t);
            return true;
        }
    }

    // ---------------------------------------------------------------- helpers

    private void internalError(Throwable t) {
        if (internalErrors.incrementAndGet() == 1) {
            Log.error("unit-of-work tracking failed (it keeps running)", t);
        }
    }

    // ---------------------------------------------------------------- counters (for the agent's own metrics)

    /** Events dropped because the reaper held the thread's context at that instant (or a re-entrant call). */
    public long lostEvents() {
        return lostEvents.get();
    }

    /** The statements among {@link #lostEvents()}: executed but in no unit of work. */
    public long lostStatements() {
        return lostStatements.get();
    }

    /** Results closed after the unit of their execution had ended. */
    public long lateResults() {
        return lateResults.get();
    }

    /** Units not opened because {@value #MAX_DEPTH} were already open on the thread. */
    public long depthRefused() {
        return stack.depthRefused.get();
    }

    /** End calls whose unit had already ended. */
    public long staleTokens() {
        return staleTokens.get();
    }

    /** Findings suppressed by {@code querylens.allow}. */
    public long allowed() {
        return findings.allowed.get();
    }

    /** Findings not kept because a unit held {@code querylens.unit.max.findings} already. */
    public long findingsRefused() {
        return findings.refused.get();
    }

    /** Units of work finished and delivered since start. */
    public long unitsFinished() {
        return ends.delivered.get() + ends.skippedUntracked.get() + reaper.unitsSkipped();
    }

    /** Threads whose contexts the reaper watches now; and those it could not watch (bound reached). */
    public int trackedThreads() {
        return reaper.size();
    }

    public long untrackedThreads() {
        return reaper.untracked.get();
    }

    public long internalErrors() {
        return internalErrors.get();
    }

    public CallSites callSites() {
        return findings.callSites();
    }

    /** For tests: one reaper sweep at {@code nowNanos}. */
    int sweep(long nowNanos) {
        return reaper.sweep(nowNanos, false);
    }

    /** What an explicit unit or request token holds: the unit and its generation when it began. */
    static final class Token {
        final ThreadContext ctx;
        final Unit unit;
        final long generation;

        Token(ThreadContext ctx, Unit unit) {
            this.ctx = ctx;
            this.unit = unit;
            this.generation = unit.generation;
        }
    }
}
