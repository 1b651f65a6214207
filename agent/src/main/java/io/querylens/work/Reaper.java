package io.querylens.work;

import io.querylens.bootstrap.Log;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ends the units of work of threads that stopped running statements, and forgets dead threads.
 *
 * <p>Every thread that gets a {@link ThreadContext} is registered here (the thread weakly, its context
 * strongly, up to {@code maxThreads}). A daemon thread sweeps the registry every few hundred milliseconds:
 * a live thread's root unit is ended when it is an implicit unit idle past the gap, or a unit stuck for
 * longer than the stale timeout (an implicit unit with a result still open, a transaction never committed);
 * a dead thread's open units are all ended and its entry dropped, so contexts of dead threads do not leak.
 * The sweep takes a context only through {@link ThreadContext#acquireForFlush()} and never waits, except at
 * shutdown: the final sweep retries a context whose owner is in an event, for {@link #SHUTDOWN_WAIT_NANOS}
 * at most in all, so a thread running statements as the JVM stops keeps nothing back from the final report.
 */
final class Reaper implements Runnable {
    /** How long the shutdown sweep may wait, over all threads, for owners in an event to finish it. */
    static final long SHUTDOWN_WAIT_NANOS = 100_000_000L;

    private final WorkTracker tracker;
    private final int maxThreads;
    private final long sweepMillis;
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    final AtomicLong untracked = new AtomicLong();
    final AtomicLong reaped = new AtomicLong();
    private final AtomicLong skippedOfGone = new AtomicLong();
    private volatile Thread thread;
    private volatile boolean stopped;

    Reaper(WorkTracker tracker, int maxThreads, long sweepMillis) {
        this.tracker = tracker;
        this.maxThreads = maxThreads;
        this.sweepMillis = sweepMillis;
    }

    void register(ThreadContext ctx) {
        if (size.incrementAndGet() > maxThreads) {
            size.decrementAndGet();
            untracked.incrementAndGet();
            return;
        }
        ctx.tracked = true;
        entries.add(new Entry(Thread.currentThread(), ctx));
    }

    /** Units ended without being built, on every thread watched now or before. */
    long unitsSkipped() {
        long n = skippedOfGone.get();
        for (Entry e : entries) {
            n += e.ctx.unitsSkipped;
        }
        return n;
    }

    int size() {
        return size.get();
    }

    synchronized void start() {
        if (thread != null || stopped) {
            return;
        }
        Thread t = new Thread(this, "querylens-unit-reaper");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    synchronized void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                Thread.sleep(sweepMillis);
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            }
            try {
                sweep(System.nanoTime(), false);
            } catch (Throwable t) {
                Log.error("the unit-of-work reaper failed a sweep (it keeps running)", t);
            }
        }
    }

    /**
     * One pass over all threads at time {@code now}; with {@code all}, every idle thread's root implicit or
     * transaction unit is ended whatever its age (shutdown). Returns the units ended.
     */
    int sweep(long now, boolean all) {
        int ended = 0;
        long waitUntil = all ? (System.nanoTime() + SHUTDOWN_WAIT_NANOS) | 1 : 0; // never 0: 0 means "do not wait"
        List<FinishedUnit> out = new ArrayList<>();
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            Thread t = e.thread.get();
            if (t == null || !t.isAlive()) {
                // The owner is gone: end what it left open, then forget it.
                if (tracker.endAll(e.ctx, out)) {
                    skippedOfGone.addAndGet(e.ctx.unitsSkipped);
                    it.remove();
                    size.decrementAndGet();
                    tracker.forget(e.ctx);
                }
            } else {
                tracker.endIfIdle(e.ctx, now, all, waitUntil, out);
            }
            for (FinishedUnit f : out) {
                tracker.deliver(f);
                ended++;
            }
            out.clear();
        }
        if (untracked.get() > 0) {
            tracker.forgetUnwatched();
        }
        reaped.addAndGet(ended);
        return ended;
    }

    private static final class Entry {
        final WeakReference<Thread> thread;
        final ThreadContext ctx;

        Entry(Thread thread, ThreadContext ctx) {
            this.thread = new WeakReference<>(thread);
            this.ctx = ctx;
        }
    }
}
