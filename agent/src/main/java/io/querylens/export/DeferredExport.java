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
 */
public final class DeferredExport implements UnitListener {
    static final int PENDING_MAX = 1024;

    private final CountDownLatch ready = new CountDownLatch(1);
    private final ArrayDeque<FinishedUnit> pending = new ArrayDeque<>();
    private final AtomicLong droppedWhileStarting = new AtomicLong();
    private volatile Export export;
    private volatile UnitListener target;

    public static DeferredExport start(Supplier<Export> starter) {
        DeferredExport d = new DeferredExport();
        Thread t = new Thread(() -> d.run(starter), "querylens-export-init");
        t.setDaemon(true);
        t.start();
        return d;
    }

    private void run(Supplier<Export> starter) {
        try {
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
