package io.querylens.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.detect.Statements;
import io.querylens.sql.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReaperTest {
    private final Fingerprint byId = Statements.select("select * from customer where id = ?");
    private final Fingerprint insert = Statements.insert("insert into audit (what) values (?)");

    @Test
    void anIdleThreadsImplicitUnitIsEndedByTheReaperAndTheThreadCarriesOnInANewUnit() throws Exception {
        Trackers t = new Trackers("querylens.unit.idle.timeout=1s");
        CountDownLatch ranFirst = new CountDownLatch(1);
        CountDownLatch reaped = new CountDownLatch(1);
        long[] lastStatementEnd = new long[1];
        Thread worker = new Thread(() -> {
            long start = System.nanoTime();
            ThreadContext ctx = t.tracker.context();
            t.tracker.executed(ctx, insert, Trackers.H2, start, 1000, 1, 1, null);
            t.tracker.executed(ctx, insert, Trackers.H2, start + 2000, 1000, 2, 1, null);
            lastStatementEnd[0] = start + 3000;
            ranFirst.countDown();
            await(reaped);
            t.tracker.executed(ctx, insert, Trackers.H2, System.nanoTime(), 1000, 3, 1, null);
        }, "worker-1");
        worker.start();
        await(ranFirst);
        assertEquals(0, t.tracker.sweep(lastStatementEnd[0] + 999_000_000L)); // not idle long enough yet
        assertEquals(1, t.tracker.sweep(lastStatementEnd[0] + 1_001_000_000L));
        assertEquals("thread worker-# x2", Trackers.names(t.units()));
        assertEquals(Thread.currentThread().getName(), t.deliveredOn.get(0)); // built on the reaper's side
        reaped.countDown();
        worker.join();
        t.tracker.flush(); // the worker is dead now: what it left open is ended too
        assertEquals("thread worker-# x2, thread worker-# x1", Trackers.names(t.units()));
        assertEquals(0, t.tracker.lostEvents());
    }

    @Test
    void aDeadThreadsOpenUnitsAreEndedAndItsContextForgotten() throws Exception {
        Trackers t = new Trackers();
        int before = t.tracker.trackedThreads();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Thread th = new Thread(() -> {
                t.tracker.beginExplicit("never closed");
                t.tracker.executed(t.tracker.context(), byId, Trackers.H2, System.nanoTime(), 1000, 1, 1, null);
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(before + 50, t.tracker.trackedThreads());
        assertEquals(50, t.tracker.sweep(System.nanoTime()));
        assertEquals(before, t.tracker.trackedThreads());
        assertEquals(50, t.units().size());
        assertEquals("never closed x1", Trackers.names(t.units().subList(0, 1)));
    }

    @Test
    void threadsSharingAFastLookupSlotEachGetTheirOwnContext() throws Exception {
        Trackers t = new Trackers();
        ThreadContext mine = t.tracker.context();
        assertSame(mine, t.tracker.slotOf(Thread.currentThread()));
        ThreadContext[] theirs = new ThreadContext[2];
        Runnable lookTwice = () -> {
            theirs[0] = t.tracker.context();
            theirs[1] = t.tracker.context();
        };
        Thread other = null; // thread ids are handed out in order: one of the next 1,024 shares this slot
        for (int i = 0; i < WorkTracker.THREAD_SLOTS && other == null; i++) {
            Thread th = new Thread(lookTwice);
            if (t.tracker.slotOf(th) == mine) {
                other = th;
            }
        }
        assertNotNull(other);
        other.start();
        other.join();
        assertNotSame(mine, theirs[0]);
        assertSame(theirs[0], theirs[1]);
        assertSame(other, theirs[0].owner);
        assertSame(theirs[0], t.tracker.slotOf(Thread.currentThread())); // it took the slot
        assertSame(mine, t.tracker.context()); // and this thread takes it back
        assertSame(mine, t.tracker.slotOf(Thread.currentThread()));
    }

    @Test
    void theReaperClearsTheFastLookupSlotOfADeadThreadWatchedOrNot() throws Exception {
        Trackers t = new Trackers("querylens.unit.max.threads=1");
        Thread first = new Thread(() -> t.tracker.context());
        first.start();
        first.join();
        Thread second = new Thread(() -> t.tracker.context()); // past the bound: not watched
        second.start();
        second.join();
        assertEquals(1, t.tracker.untrackedThreads());
        assertSame(first, t.tracker.slotOf(first).owner);
        assertSame(second, t.tracker.slotOf(second).owner);
        t.tracker.sweep(System.nanoTime());
        assertNull(t.tracker.slotOf(first));
        assertNull(t.tracker.slotOf(second));
    }

    @Test
    void aTransactionNeverCommittedIsEndedAfterTheStaleTimeout() throws Exception {
        Trackers t = new Trackers("querylens.unit.stale.timeout=30s");
        long[] end = new long[1];
        runOnThread(() -> {
            ThreadContext ctx = t.tracker.context();
            t.tracker.transactionBegin(ctx);
            long start = System.nanoTime();
            t.tracker.executed(ctx, insert, Trackers.H2, start, 1000, 1, 1, null);
            end[0] = start + 1000;
        }, true);
        assertEquals(0, t.tracker.sweep(end[0] + TimeUnit.SECONDS.toNanos(29)));
        assertEquals(1, t.tracker.sweep(end[0] + TimeUnit.SECONDS.toNanos(31)));
        assertEquals("transaction x1", Trackers.names(t.units()));
    }

    @Test
    void anImplicitUnitWithAResultStillOpenIsNotEndedByTheIdleGapOnly() throws Exception {
        Trackers t = new Trackers("querylens.unit.idle.timeout=1s", "querylens.unit.stale.timeout=30s");
        long[] end = new long[1];
        runOnThread(() -> {
            long start = System.nanoTime();
            t.tracker.executed(t.tracker.context(), byId, Trackers.H2, start, 1000, 1, 1, null);
            end[0] = start + 1000;
        }, true);
        assertEquals(0, t.tracker.sweep(end[0] + TimeUnit.SECONDS.toNanos(5)));
        assertEquals(1, t.tracker.sweep(end[0] + TimeUnit.SECONDS.toNanos(31)));
    }

    @Test
    void requestsAndExplicitUnitsAreNeverEndedByTheReaper() throws Exception {
        Trackers t = new Trackers("querylens.unit.idle.timeout=1s", "querylens.unit.stale.timeout=1s");
        runOnThread(() -> {
            t.tracker.beginRequest("GET", "/slow", null);
            t.tracker.executed(t.tracker.context(), insert, Trackers.H2, System.nanoTime(), 1000, 1, 1, null);
        }, true);
        assertEquals(0, t.tracker.sweep(System.nanoTime() + TimeUnit.HOURS.toNanos(1)));
    }

    @Test
    void theDaemonReaperEndsIdleUnitsOnItsOwnThread() throws Exception {
        Trackers t = new Trackers("querylens.unit.idle.timeout=20ms");
        t.tracker.start();
        try {
            runOnThread(() -> t.tracker.executed(t.tracker.context(), insert, Trackers.H2, System.nanoTime(), 1000, 1, 1,
                    null), true);
            long deadline = System.currentTimeMillis() + 5000;
            while (t.units().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, t.units().size());
            assertEquals("querylens-unit-reaper", t.deliveredOn.get(0));
        } finally {
            t.tracker.close();
        }
    }

    @Test
    void underConstantReapingNoStatementIsCountedTwiceOrLostUnaccounted() throws Exception {
        Trackers t = new Trackers("querylens.unit.idle.timeout=1ms", "querylens.unit.max.statements=50");
        int threads = 4;
        int perThread = 20_000;
        AtomicLong sent = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            new Thread(() -> {
                ThreadContext ctx = t.tracker.context();
                for (int n = 0; n < perThread; n++) {
                    t.tracker.executed(ctx, insert, Trackers.H2, System.nanoTime() - 2_000_000, 1000, n, 1, null);
                    sent.incrementAndGet();
                    if (n % 1000 == 0) {
                        t.tracker.endExplicit(t.tracker.beginExplicit("tick"));
                    }
                }
                done.countDown();
            }, "load-" + i).start();
        }
        // A sweeping thread far more aggressive than the real one (every 10 ms or more): it sees every unit
        // as idle, so handoffs race with the owners' events all the time.
        while (done.getCount() > 0) {
            t.tracker.sweep(System.nanoTime() + 10_000_000);
        }
        Thread.sleep(50); // let the load threads die
        t.tracker.flush();
        long counted = 0;
        for (FinishedUnit u : t.units()) {
            counted += u.statementCount;
        }
        assertEquals((long) threads * perThread, sent.get());
        // every statement is in exactly one finished unit, or counted as lost: none twice, none silently gone
        assertEquals(sent.get(), counted + t.tracker.lostStatements(), "lost " + t.tracker.lostStatements());
        assertEquals(0, t.tracker.internalErrors());
    }

    private static void runOnThread(Runnable r, boolean andLetItLive) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread th = new Thread(() -> {
            r.run();
            ran.countDown();
            if (andLetItLive) {
                try {
                    release.await(); // parked, alive, idle: a daemon, gone with the test JVM
                } catch (InterruptedException ignored) {
                    // done
                }
            }
        });
        th.setDaemon(true);
        th.start();
        await(ran);
        // the thread stays alive (parked) so the reaper treats it as idle, not dead; released at JVM exit
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
