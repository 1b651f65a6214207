package io.querylens.export;

import io.querylens.bootstrap.Log;
import io.querylens.work.FinishedUnit;
import io.querylens.work.UnitListener;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Starts {@link Export} on a background thread, so the application does not wait for the OpenTelemetry SDK
 * to configure itself (about half a second of class loading and initialisation). Units of work that finish
 * meanwhile wait in a small bounded buffer and are handed over once export is ready; past the bound they
 * are dropped and counted.
 *
 * <p>The start waits {@code querylens.export.start.delay} first (default 5 s), or until shutdown if that
 * comes sooner, so that the SDK's ~200 classes and its initialisation do not compete with the application's
 * own start-up for the CPU: in StartupApp (benchmarks) the classes loaded before the first query went from
 * 3,686 (195 of them the SDK's) to 3,450 (16). The time this saves was lost in the noise of the shared
 * 2-CPU machine (JVM start to first query varied 2-7 s from run to run either way).
 */
public final class DeferredExport implements UnitListener {
    static final int PENDING_MAX = 1024;

    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch startNow = new CountDownLatch(1);
    /** Before the SDK is up: whether the otel.* settings name any exporter at all (else no unit is kept). */
    private final boolean mayExport = ExportSettings.mayExport();
    private final ArrayDeque<FinishedUnit> pending = new ArrayDeque<>();
    private final AtomicLong droppedWhileStarting = new AtomicLong();
    private volatile Export export;
    private volatile UnitListener target;

    public static DeferredExport start(Supplier<Export> starter) {
        return start(starter, 0);
    }

    /** Starts export after {@code delayMillis}, or at {@link #shutdown} if sooner. */
    public static DeferredExport start(Supplier<Export> starter, long delayMillis) {
        DeferredExport d = new DeferredExport();
        // an anonymous class, not a lambda: on the agent's start-up path, linking a lambda costs milliseconds
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                d.run(starter, delayMillis);
            }
        }, "querylens-export-init");
        t.setDaemon(true);
        t.start();
        return d;
    }

    private void run(Supplier<Export> starter, long delayMillis) {
        try {
            if (delayMillis > 0) {
                startNow.await(delayMillis, TimeUnit.MILLISECONDS);
            }
            Export e = starter.get();
            export = e;
            synchronized (pending) {
                UnitListener l = e.listener();
                for (FinishedUnit u; (u = pending.poll()) != null; ) {
                    l.unitFinished(u);
                }
                target = l;
            }
        } catch (Throwable t) {
            Log.error("export did not start; the agent records without exporting", t);
        } finally {
            ready.countDown();
        }
    }

    /** Until export has started, units are kept for it; after, as the export's own listener says. */
    @Override
    public boolean wantsUnits() {
        UnitListener l = target;
        return l != null ? l.wantsUnits() : ready.getCount() != 0 && mayExport;
    }

    /** Settled once export has started (the export's own listener decides) or has given up. */
    @Override
    public boolean wantsUnitsSettled() {
        UnitListener l = target;
        return l != null ? l.wantsUnitsSettled() : ready.getCount() == 0;
    }

    @Override
    public void unitFinished(FinishedUnit unit) {
        UnitListener l = target;
        if (l != null) {
            l.unitFinished(unit);
            return;
        }
        // only during start-up: a short critical section with the init thread
        synchronized (pending) {
            l = target;
            if (l == null) {
                if (pending.size() < PENDING_MAX) {
                    pending.add(unit);
                } else {
                    droppedWhileStarting.incrementAndGet();
                }
                return;
            }
        }
        l.unitFinished(unit);
    }

    public long droppedWhileStarting() {
        return droppedWhileStarting.get();
    }

    /** Waits (bounded) for start-up to finish, then shuts export down. */
    public void shutdown(long waitMillis) {
        startNow.countDown();
        try {
            ready.await(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Export e = export;
        if (e != null) {
            e.shutdown();
        }
    }
}
