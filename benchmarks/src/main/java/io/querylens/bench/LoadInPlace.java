package io.querylens.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * QueryLens's own work in an application under load, measured inside one JVM: the application's main
 * class runs in this JVM, with the agent attached, while a thread switches QueryLens's JDBC and servlet
 * sinks off and on in alternating phases (off, the woven hooks return at once) and sums the CPU time of the
 * request threads in each. Under a load driver at a fixed rate, each phase serves the same requests, so the
 * difference of a pair is QueryLens's work for {@code rate × phase} requests. Separate JVMs (the {@code load}
 * part of {@code benchmarks/run.sh}) compare latency, which the host's noise and each JVM's own compilation
 * move by more than this.
 *
 * <pre>
 * java -javaagent:querylens-agent.jar -cp app.jar:querylens-benchmarks.jar io.querylens.bench.LoadInPlace \
 *     WARMUP_S PHASE_S PAIRS RATE THREAD_NAME_PART MAIN_CLASS [ARGS...]
 * </pre>
 * {@code -Dloadinplace.sinks=servlet} (or {@code jdbc}) switches one sink only; both by default.
 * The request threads are the live threads whose name contains {@code THREAD_NAME_PART} (Tomcat's are
 * {@code http-nio-...-exec-N}: {@code exec}); a thread that ends within a phase takes its time with it.
 *
 * <p>The load comes from outside (a driver started separately, for the whole run) or, with
 * {@code -Dloadinplace.driver="CLASS ARGS..."}, from a driver run in this JVM for each phase: {@code CLASS}
 * has the demo's {@code LoadDriver}'s {@code static int run(String[], PrintStream, PrintStream)}, is given
 * {@code ARGS --duration=Ns --json=FILE}, and its JSON summary gives each phase's latency percentiles; the
 * warm-up is the same driver, unmeasured, once the address in its {@code --base=} accepts connections
 * ({@code {port}} there and in {@code ARGS} becomes a port found free at the start). Then a
 * pair also compares the latency the application's clients saw with QueryLens's work and without it, and the
 * JVM exits when the pairs are done (the {@code loadinplace} part of {@code benchmarks/run.sh}).
 *
 * <p>It prints one {@code load_inplace_pair=N ...} line per pair and then {@code load_inplace_on_ms=N
 * load_inplace_off_ms=N load_inplace_added_ms=N load_inplace_added_us_per_request=N} (medians over the pairs,
 * followed with the driver by {@code load_inplace_p95_added_pct=X}) to standard error.
 * The switch is the agent's internal sinks, set through reflection: a benchmark's tool, not an interface of
 * the agent.
 */
public final class LoadInPlace {
    /** Replaced, in the driver's and the application's arguments, by a port free when the run starts. */
    static final String PORT = "{port}";

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
        String port = String.valueOf(freePort());
        String driverSpec = System.getProperty("loadinplace.driver", "").trim().replace(PORT, port);
        String[] appArgs = Arrays.copyOfRange(args, 6, args.length);
        for (int i = 0; i < appArgs.length; i++) {
            appArgs[i] = appArgs[i].replace(PORT, port);
        }
        Thread t = new Thread(() -> {
            int status = 0;
            try {
                Load load = driverSpec.isEmpty() ? Load.outside() : Load.driver(driverSpec);
                load.warmUp(warmupMillis);
                System.err.println(measure(load, phaseMillis, pairs, rate, threadNamePart));
            } catch (Throwable e) {
                System.err.println("LoadInPlace failed: " + e);
                status = 1;
            }
            if (!driverSpec.isEmpty()) {
                System.exit(status); // the load was ours: the application's work here is done
            }
        }, "load-in-place");
        t.setDaemon(true);
        t.start();
        main.invoke(null, (Object) appArgs);
    }

    /** A port nobody listens on now, for {@value #PORT} in the driver's and the application's arguments. */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** With the load from outside: for tests and callers that drive the application themselves. */
    static String measure(long phaseMillis, int pairs, double rate, String threadNamePart) throws Exception {
        return measure(Load.outside(), phaseMillis, pairs, rate, threadNamePart);
    }

    static String measure(Load load, long phaseMillis, int pairs, double rate, String threadNamePart)
            throws Exception {
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
        double[][] latency = new double[pairs][]; // on p50, p95, p99, off p50, p95, p99 (ms)
        try {
            for (int p = 0; p < pairs; p++) {
                double[] pair = new double[6];
                for (int half = 0; half < 2; half++) {
                    boolean agentOn = (p + half) % 2 == 0; // alternate which phase comes first
                    for (int i = 0; i < sinks.length; i++) {
                        sinks[i].set(null, agentOn ? installed[i] : null);
                    }
                    load.settle();
                    long start = requestCpu(threads, threadNamePart);
                    double[] percentiles = load.phase(phaseMillis);
                    long ms = (requestCpu(threads, threadNamePart) - start) / 1_000_000;
                    if (agentOn) {
                        on[p] = ms;
                    } else {
                        off[p] = ms;
                    }
                    if (percentiles != null) {
                        System.arraycopy(percentiles, 0, pair, agentOn ? 0 : 3, 3);
                        latency[p] = pair;
                    }
                }
                added[p] = on[p] - off[p];
                System.err.println(pairLine(p + 1, on[p], off[p], latency[p]));
            }
        } finally {
            for (int i = 0; i < sinks.length; i++) {
                sinks[i].set(null, installed[i]);
            }
        }
        String summary = summary(on, off, added, rate * phaseMillis / 1000.0);
        return latency[0] == null ? summary : summary + " load_inplace_p95_added_pct=" + p95AddedPercent(latency);
    }

    /** One pair: the request threads' CPU time in each phase and, with the driver, its latency percentiles. */
    static String pairLine(int pair, long onMs, long offMs, double[] latency) {
        StringBuilder s = new StringBuilder("load_inplace_pair=" + pair + " on_cpu_ms=" + onMs + " off_cpu_ms=" + offMs
                + " added_cpu_ms=" + (onMs - offMs));
        if (latency != null) {
            String[] names = {"on_p50_ms", "on_p95_ms", "on_p99_ms", "off_p50_ms", "off_p95_ms", "off_p99_ms"};
            for (int i = 0; i < names.length; i++) {
                s.append(' ').append(names[i]).append('=').append(String.format(Locale.ROOT, "%.3f", latency[i]));
            }
        }
        return s.toString();
    }

    /** The median over the pairs of the p95 change, on against off, in percent with one decimal. */
    static String p95AddedPercent(double[][] latency) {
        Series change = new Series();
        for (int p = 0; p < latency.length; p++) {
            change.add("p" + (p + 1), (latency[p][1] - latency[p][4]) / latency[p][4] * 100);
        }
        return String.format(Locale.ROOT, "%.1f", change.median());
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

    /** Where a phase's load comes from. */
    abstract static class Load {
        abstract void warmUp(long millis) throws Exception;

        /** Between switching the sinks and a phase. */
        abstract void settle() throws InterruptedException;

        /** Runs one phase; its clients' p50, p95 and p99 in milliseconds, or null when the load is not ours. */
        abstract double[] phase(long millis) throws Exception;

        /** A driver started separately: phases are timed windows of its steady load. */
        static Load outside() {
            return new Load() {
                @Override
                void warmUp(long millis) throws InterruptedException {
                    Thread.sleep(millis);
                }

                @Override
                void settle() throws InterruptedException {
                    Thread.sleep(1000); // requests begun in the other phase end here
                }

                @Override
                double[] phase(long millis) throws InterruptedException {
                    Thread.sleep(millis);
                    return null;
                }
            };
        }

        /** {@code spec} is "CLASS ARGS...", run in this JVM for each phase. */
        static Load driver(String spec) throws ReflectiveOperationException {
            List<String> words = new ArrayList<>(Arrays.asList(spec.split("\\s+")));
            Method run = Class.forName(words.remove(0)).getMethod("run", String[].class, PrintStream.class,
                    PrintStream.class);
            String base = null;
            for (String w : words) {
                if (w.startsWith("--base=")) {
                    base = w.substring("--base=".length());
                }
            }
            if (base == null) {
                throw new IllegalArgumentException("loadinplace.driver needs --base=URL: " + spec);
            }
            URI uri = URI.create(base);
            return new Load() {
                @Override
                void warmUp(long millis) throws Exception {
                    long deadline = System.nanoTime() + 120_000_000_000L;
                    while (!accepts(uri)) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("nothing listens at " + uri + " after 2 minutes");
                        }
                        Thread.sleep(200);
                    }
                    if (millis > 0) {
                        phase(millis);
                    }
                }

                @Override
                void settle() {
                    // the driver's phase has ended: no request is in flight
                }

                @Override
                double[] phase(long millis) throws Exception {
                    Path json = Files.createTempFile("loadinplace", ".json");
                    try {
                        List<String> args = new ArrayList<>(words);
                        args.add("--duration=" + Math.max(1, millis / 1000) + "s");
                        args.add("--json=" + json);
                        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
                        run.invoke(null, args.toArray(new String[0]), quiet, System.err);
                        LoadFigures f = LoadFigures.from(Json.parse(Files.readString(json)));
                        return new double[] {f.p50Ms, f.p95Ms, f.p99Ms};
                    } finally {
                        Files.deleteIfExists(json);
                    }
                }
            };
        }

        private static boolean accepts(URI uri) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        }
    }
}
