package io.querylens.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * QueryLens's own CPU work in an application under load, measured inside one JVM: the application's main
 * class runs in this JVM, with the agent attached, while a thread switches QueryLens's JDBC and servlet
 * sinks off and on in alternating phases (off, the woven hooks return at once) and sums the CPU time of the
 * request threads in each. Under a load driver at a fixed rate, each phase serves the same requests, so the
 * difference of a pair is QueryLens's work for {@code rate × phase} requests. Separate JVMs (the {@code load}
 * part of {@code benchmarks/run.sh}) compare latency, which the host's noise moves by more than this.
 *
 * <pre>
 * java -javaagent:querylens-agent.jar -cp app.jar:querylens-benchmarks.jar io.querylens.bench.LoadInPlace \
 *     WARMUP_S PHASE_S PAIRS RATE THREAD_NAME_PART MAIN_CLASS [ARGS...]
 * </pre>
 * {@code -Dloadinplace.sinks=servlet} (or {@code jdbc}) switches one sink only; both by default.
 * The request threads are the live threads whose name contains {@code THREAD_NAME_PART} (Tomcat's are
 * {@code http-nio-...-exec-N}: {@code exec}); a thread that ends within a phase takes its time with it.
 * It prints one line per pair and then {@code load_inplace_on_ms=N load_inplace_off_ms=N
 * load_inplace_added_ms=N load_inplace_added_us_per_request=N} (medians over the pairs) to standard error.
 * The switch is the agent's internal sinks, set through reflection: a benchmark's tool, not an interface of
 * the agent.
 */
public final class LoadInPlace {
    private LoadInPlace() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: LoadInPlace WARMUP_S PHASE_S PAIRS RATE THREAD_NAME_PART MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        long warmupMillis = Long.parseLong(args[0]) * 1000;
        long phaseMillis = Long.parseLong(args[1]) * 1000;
        int pairs = Integer.parseInt(args[2]);
        double rate = Double.parseDouble(args[3]);
        String threadNamePart = args[4];
        Method main = Class.forName(args[5]).getMethod("main", String[].class);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(warmupMillis);
                System.err.println(measure(phaseMillis, pairs, rate, threadNamePart));
            } catch (Throwable e) {
                System.err.println("LoadInPlace failed: " + e);
            }
        }, "load-in-place");
        t.setDaemon(true);
        t.start();
        main.invoke(null, (Object) Arrays.copyOfRange(args, 6, args.length));
    }

    static String measure(long phaseMillis, int pairs, double rate, String threadNamePart) throws Exception {
        String[] names = System.getProperty("loadinplace.sinks", "jdbc,servlet").split(",");
        Field[] sinks = new Field[names.length];
        Object[] installed = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            sinks[i] = InPlaceCpu.sinkField(names[i].trim());
            installed[i] = InPlaceCpu.awaitSink(sinks[i]);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] on = new long[pairs];
        long[] off = new long[pairs];
        long[] added = new long[pairs];
        try {
            for (int p = 0; p < pairs; p++) {
                for (int half = 0; half < 2; half++) {
                    boolean agentOn = (p + half) % 2 == 0; // alternate which phase comes first
                    for (int i = 0; i < sinks.length; i++) {
                        sinks[i].set(null, agentOn ? installed[i] : null);
                    }
                    Thread.sleep(1000); // requests begun in the other phase end here
                    long start = requestCpu(threads, threadNamePart);
                    Thread.sleep(phaseMillis);
                    long ms = (requestCpu(threads, threadNamePart) - start) / 1_000_000;
                    if (agentOn) {
                        on[p] = ms;
                    } else {
                        off[p] = ms;
                    }
                }
                added[p] = on[p] - off[p];
                System.err.println("load_inplace pair " + (p + 1) + ": on " + on[p] + " ms, off " + off[p]
                        + " ms, added " + added[p] + " ms");
            }
        } finally {
            for (int i = 0; i < sinks.length; i++) {
                sinks[i].set(null, installed[i]);
            }
        }
        return summary(on, off, added, rate * phaseMillis / 1000.0);
    }

    /** The summary line; {@code requestsPerPhase} turns the added milliseconds into microseconds per request. */
    static String summary(long[] on, long[] off, long[] added, double requestsPerPhase) {
        long perRequestMicros = Math.round(InPlaceCpu.median(added) * 1000.0 / requestsPerPhase);
        return "load_inplace_on_ms=" + InPlaceCpu.median(on) + " load_inplace_off_ms=" + InPlaceCpu.median(off)
                + " load_inplace_added_ms=" + InPlaceCpu.median(added)
                + " load_inplace_added_us_per_request=" + perRequestMicros;
    }

    /** The CPU time, in nanoseconds, of the live threads whose name contains {@code namePart}. */
    private static long requestCpu(ThreadMXBean threads, String namePart) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            if (info != null && info.getThreadName().contains(namePart)) {
                long cpu = threads.getThreadCpuTime(id);
                if (cpu > 0) {
                    sum += cpu;
                }
            }
        }
        return sum;
    }
}
