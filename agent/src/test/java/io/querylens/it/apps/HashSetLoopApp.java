package io.querylens.it.apps;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;

/**
 * Measures what iterating a {@link HashSet} allocates once the JIT has compiled the loop: waits until the
 * agent's start-up threads are done (when an agent is attached), warms the loop up, then prints
 * {@code bytes_per_loop=N} over 100,000 loops. C2's escape analysis removes the iterator when
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
        long sum = 0;
        for (int i = 0; i < 300_000; i++) {
            sum += loop(hashSet);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            sum += loop(hashSet);
        }
        long bytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        System.out.println("bytes_per_loop=" + Math.round(bytes / 100_000.0) + " sum=" + sum);
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
