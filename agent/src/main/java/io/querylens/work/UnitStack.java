package io.querylens.work;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operations on a thread's stack of open units: opening one (reusing the thread's unit objects),
 * ending units into finished ones, and the reaper's side of the handoff (detaching an idle root unit,
 * ending all units of a dead thread). Callers own the context, except where a method says it takes it.
 */
final class UnitStack {
    private final long idleNanos;
    private final long staleNanos;
    private final int maxFingerprints;
    private final int maxParameters;
    private final int samplesPerFingerprint;
    private final int maxFindings;
    private final UnitEnds ends;
    final AtomicLong depthRefused = new AtomicLong();

    UnitStack(long idleNanos, long staleNanos, int maxFingerprints, int maxParameters, int samplesPerFingerprint,
              int maxFindings, UnitEnds ends) {
        this.idleNanos = idleNanos;
        this.staleNanos = staleNanos;
        this.maxFingerprints = maxFingerprints;
        this.maxParameters = maxParameters;
        this.samplesPerFingerprint = samplesPerFingerprint;
        this.maxFindings = maxFindings;
        this.ends = ends;
    }

    /**
     * Opens a unit on top of the stack; null (and counted) when the stack is full. The unit object is reset
     * here, not when its last unit ended ({@link #endFrom}): opening it writes its lines anyway, and the
     * driver's work between a commit and the next statement evicts them (about 3 ns a statement in the
     * lookup benchmark's transactions of three, in one JVM, alternating). Until then an ended unit above
     * {@code top} keeps its content, which nothing reads: a level at or above {@code top} is no unit, and a
     * token or entry of the ended unit names its generation, which {@link Unit#begin} changes.
     */
    Unit push(ThreadContext ctx, FinishedUnit.Kind kind, long startNanos, String parent) {
        if (ctx.top == ctx.stack.length) {
            depthRefused.incrementAndGet();
            return null;
        }
        Unit u = ctx.stack[ctx.top];
        if (u == null) {
            u = ctx.spare.getAndSet(null);
            if (u == null) {
                u = new Unit(maxFingerprints, maxParameters, samplesPerFingerprint, maxFindings);
            }
            ctx.stack[ctx.top] = u;
        }
        u.reset();
        u.begin(kind, startNanos, parent);
        u.sampling = ends.listenerWantsUnits();
        ctx.top(ctx.top + 1);
        return u;
    }

    /** Ends the open implicit unit, if that is what is open: any other unit begins only after it. */
    void endImplicit(ThreadContext ctx) {
        Unit u = ctx.current();
        if (u != null && u.kind == FinishedUnit.Kind.IMPLICIT) {
            endFrom(ctx, ctx.top - 1, u.lastEventNanos, ctx.endedList());
        }
    }

    /** As {@code endNanos}: the time the units end is read from the clock only if a unit is built. */
    static final long NOW = Long.MIN_VALUE;

    /**
     * Ends the units at {@code index} and above, innermost first, into {@code out}. An implicit unit ends
     * at its last statement (the idle gap is not part of it), others at {@code endNanos} ({@link #NOW}: the
     * clock, read once and only when a unit is built; a unit nobody wants ends without it, which saved a
     * clock read of about 23 ns per transaction). The units are reset when next opened ({@link #push}).
     */
    void endFrom(ThreadContext ctx, int index, long endNanos, List<FinishedUnit> out) {
        for (int i = ctx.top - 1; i >= index; i--) {
            Unit u = ctx.stack[i];
            if (ends.wanted(u)) {
                if (u.kind != FinishedUnit.Kind.IMPLICIT && endNanos == NOW) {
                    endNanos = System.nanoTime();
                }
                out.add(ends.finish(u, u.kind == FinishedUnit.Kind.IMPLICIT ? u.lastEventNanos : endNanos));
            } else {
                ends.skip(ctx);
            }
        }
        ctx.top(index);
    }

    /**
     * Reaper: takes {@code ctx} (never waiting, but until {@code waitUntil} at shutdown: see
     * {@link ThreadContext#acquireForFlush(long)}) and ends its root unit when that is an implicit unit idle
     * past the gap with no result open, or an implicit or transaction unit idle past the stale timeout —
     * or, with {@code all}, any root implicit or transaction unit. Only the detaching happens while the
     * context is taken; the unit is built afterwards and handed back to the owner for reuse ({@link #push}
     * resets it).
     */
    void endIfIdle(ThreadContext ctx, long now, boolean all, long waitUntil, List<FinishedUnit> out) {
        flushIfStale(ctx, now, all, waitUntil);
        if (!all && !looksIdle(ctx, now)) {
            return; // leave busy threads alone: no CAS, so no window in which their events are dropped
        }
        if (!ctx.acquireForFlush(waitUntil)) {
            return; // busy: the next sweep will see it
        }
        Unit detached = null;
        try {
            if (ctx.top == 1) {
                Unit u = ctx.stack[0];
                long idle = now - u.lastEventNanos;
                boolean end;
                if (u.kind == FinishedUnit.Kind.IMPLICIT) {
                    end = all || idle > idleNanos && u.openResults == 0 || idle > staleNanos;
                } else {
                    end = u.kind == FinishedUnit.Kind.TRANSACTION && (all || idle > staleNanos);
                }
                if (end) {
                    detached = u;
                    ctx.stack[0] = null;
                    ctx.top(0);
                }
            }
        } finally {
            ctx.releaseFlush();
        }
        if (detached != null) {
            if (ends.wanted(detached)) {
                out.add(ends.finish(detached, detached.lastEventNanos));
            } else {
                ends.skip(ctx);
            }
            ctx.spare.compareAndSet(null, detached); // reset by push, as every unit object is
        }
    }

    /**
     * Reaper: adds the statistics that {@code ctx} has held for longer than {@link PendingStats#FLUSH_NANOS} (with
     * {@code all}, any) to the shared ones, taking the context only if a racy look finds some: a thread gone
     * idle keeps nothing back for longer than a sweep or two.
     */
    void flushIfStale(ThreadContext ctx, long now, boolean all, long waitUntil) {
        PendingStats p = ctx.pending;
        if (p == null || !(all ? p.pending > 0 : p.due(now)) || !ctx.acquireForFlush(waitUntil)) {
            return;
        }
        try {
            p.flush();
        } finally {
            ctx.releaseFlush();
        }
    }

    /**
     * A racy look at the owner's fields without taking the context: it may see stale values, so it only
     * decides whether to take the context and look again properly.
     */
    private boolean looksIdle(ThreadContext ctx, long now) {
        if (ctx.top != 1) {
            return false;
        }
        Unit u = ctx.stack[0];
        return u != null && now - u.lastEventNanos > idleNanos;
    }

    /**
     * Reaper: the owner of {@code ctx} is dead; ends all its open units. False when another thread (ending
     * an async request) holds the context right now: the next sweep tries again.
     */
    boolean endAll(ThreadContext ctx, List<FinishedUnit> out) {
        // A context left BUSY belongs to a thread that died inside an event: nobody will release it.
        if (!ctx.acquireForFlush() && ctx.state() != ThreadContext.BUSY) {
            return false;
        }
        try {
            if (ctx.top > 0) {
                endFrom(ctx, 0, ctx.stack[ctx.top - 1].lastEventNanos, out);
            }
            if (ctx.pending != null) {
                ctx.pending.flush();
            }
        } finally {
            ctx.releaseFlush();
        }
        return true;
    }
}
