package io.querylens.it.apps;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;

/**
 * Measures what iterating a {@link HashSet} allocates once the JIT has compiled the loop: waits until the
 * agent's start-up threads are done (when an agent is attached), then prints {@code bytes_per_loop=N}: the
 * least of 30 rounds of 100,000 loops, so that a round run before C2 has compiled the loop (on a busy
 * machine that can take a while) does not count. C2's escape analysis removes the iterator when
 * {@code HashSet.iterator()}'s profile has seen only {@code HashSet}s (0 bytes); a profile that has also seen
 * {@code LinkedHashSet}s leaves one iterator per loop on the heap.
 */
public final class HashSetLoopApp {
    public static void main(String[] args) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (agentStarting() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Set<Integer> set = new HashSet<>(Set.of(1, 2, 3, 4));
        HashSet<Integer> hashSet = (HashSet<Integer>) set;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long sum = 0;
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 30; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100_000; i++) {
                sum += loop(hashSet);
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        System.out.println("bytes_per_loop=" + Math.round(least / 100_000.0) + " sum=" + sum);
    }

    private static long loop(HashSet<Integer> set) {
        long s = 0;
        for (Integer x : set) {
            s += x;
        }
        return s;
    }

    /** Whether the agent is still starting: its start-up thread, or the thread starting the SDK, runs. */
    private static boolean agentStarting() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (n.equals("querylens-start") || n.equals("querylens-export-init")) {
                return true;
            }
        }
        return false;
    }
}
