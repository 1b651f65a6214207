package io.querylens.work;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.querylens.detect.Statements;
import io.querylens.sql.Fingerprint;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Once a thread's unit has grown to its working set, recording statements and results allocates nothing:
 * measured with HotSpot's per-thread allocation counter over 20,000 events (the unit's begin and end,
 * which do allocate, are outside the measured span).
 */
class SteadyStateAllocationTest {
    @Test
    void recordingStatementsAndResultsAllocatesNothingPerStatement() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());

        // thresholds out of reach: raising a finding allocates (once per unit), recording must not
        Trackers t = new Trackers("querylens.detect.explosion.max.statements=100000000",
                "querylens.detect.duplicate.min=1000000", "querylens.detect.n_plus_one.min=1000000");
        Fingerprint[] fps = new Fingerprint[20];
        for (int i = 0; i < fps.length; i++) {
            fps[i] = Statements.select("select c" + i + " from t where id = ?");
        }
        Fingerprint batch = Statements.insert("insert into t (a) values (?)");
        ThreadContext ctx = t.tracker.context();
        long[] time = {System.nanoTime()};
        Runnable oneUnit = () -> {
            Object token = t.tracker.beginExplicit("measured");
            for (int n = 0; n < 10_000; n++) {
                Fingerprint fp = fps[n % fps.length];
                time[0] += 1000;
                t.tracker.executed(ctx, fp, Trackers.H2, time[0], 500, n % 7, 1, null);
                t.tracker.resultRead(ctx, fp, 1, 0b1, 1, 0, false, 0);
                t.tracker.executed(ctx, batch, Trackers.H2, time[0], 500, n, 20, null);
            }
            t.tracker.endExplicit(token);
        };
        // warm up: grow the unit's arrays, load classes, let the JIT settle
        for (int i = 0; i < 5; i++) {
            oneUnit.run();
        }
        Object token = t.tracker.beginExplicit("measured");
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int n = 0; n < 10_000; n++) {
            Fingerprint fp = fps[n % fps.length];
            time[0] += 1000;
            t.tracker.executed(ctx, fp, Trackers.H2, time[0], 500, n % 7, 1, null);
            t.tracker.resultRead(ctx, fp, 1, 0b1, 1, 0, false, 0);
            t.tracker.executed(ctx, batch, Trackers.H2, time[0], 500, n, 20, null);
        }
        long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        t.tracker.endExplicit(token);
        // 30,000 events; the counter itself may report a few hundred bytes of noise
        assertTrue(allocated < 1_000, "allocated " + allocated + " bytes over 30,000 events");
    }
}
