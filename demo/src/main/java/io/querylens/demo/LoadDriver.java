package io.querylens.demo;

import io.querylens.demo.load.LatencyRecorder;
import io.querylens.demo.load.LoadOptions;
import io.querylens.demo.load.LoadReport;
import io.querylens.demo.load.RequestMix;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives load against the demo shop: {@code --threads} clients send the {@code --mix} round robin until
 * {@code --requests} have been sent or {@code --duration} has passed, whichever comes first, then print
 * throughput and p50/p95/p99 latency per endpoint and overall (and write them as JSON with
 * {@code --json=FILE}). Exit status 0 when every request succeeded, 1 when any failed, 2 on bad arguments.
 *
 * <pre>
 * java -cp demo/target/querylens-demo.jar io.querylens.demo.LoadDriver --base=http://127.0.0.1:8080 --duration=30s --threads=4 --mix=all
 * </pre>
 */
public final class LoadDriver {
    private static final String BATCH_JOB = "/jobs/nightly-report";

    private final LoadOptions options;
    private final HttpClient client;
    private final RequestMix mix;
    private final Map<String, LatencyRecorder> recorders = new LinkedHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private volatile long scheduleStart;

    public LoadDriver(LoadOptions options) {
        this.options = options;
        this.mix = new RequestMix(options.mix());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        if (options.batchJob()) {
            recorders.put("POST " + BATCH_JOB, new LatencyRecorder("POST " + BATCH_JOB));
        }
        for (Endpoint e : mix.endpoints()) {
            recorders.put(e.toString(), new LatencyRecorder(e.toString()));
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the driver as {@link #main} does and returns the exit status instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("load driver: " + e.getMessage());
            err.println(LoadOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(LoadOptions.USAGE);
            return 0;
        }
        LoadReport report = new LoadDriver(options).drive();
        out.print(report.toText());
        if (options.json() != null) {
            try {
                Files.write(options.json(), report.toJson().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.println("load driver: cannot write " + options.json() + ": " + e);
                return 1;
            }
        }
        return report.overall().count() > 0 && report.overall().errors() == 0 ? 0 : 1;
    }

    /**
     * Runs the batch job (if asked), then the warm-up (if asked: the same load, counted nowhere), then the
     * measured load; returns the figures.
     */
    public LoadReport drive() {
        long start = System.nanoTime();
        if (options.batchJob()) {
            send("POST", BATCH_JOB, recorders.get("POST " + BATCH_JOB));
        }
        if (options.warmupMillis() > 0) {
            load(options.warmupMillis(), false);
            start = System.nanoTime();
        }
        load(options.durationMillis(), true);
        long elapsed = System.nanoTime() - start;
        List<LatencyRecorder> used = new ArrayList<>();
        for (LatencyRecorder r : recorders.values()) {
            if (r.count() > 0) {
                used.add(r);
            }
        }
        return new LoadReport(options.base(), options.mix().name().toLowerCase(Locale.ROOT), options.threads(), elapsed, used);
    }

    /** {@code --threads} clients send the mix for {@code millis} (or {@code --requests}); recorded or not. */
    private void load(long millis, boolean recorded) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        next.set(0);
        scheduleStart = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < options.threads(); t++) {
            Thread worker = new Thread(() -> work(deadline, recorded), "load-driver-" + (t + 1));
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void work(long deadline, boolean recorded) {
        long rate = options.rate();
        while (System.nanoTime() < deadline) {
            long i = next.getAndIncrement();
            if (options.requests() > 0 && i >= options.requests()) {
                return;
            }
            // on a fixed schedule, request i is due at start + i / rate; its latency counts from then, so a
            // server that falls behind is charged for the wait (no coordinated omission)
            long due = System.nanoTime();
            if (rate > 0) {
                due = scheduleStart + i * 1_000_000_000L / rate;
                if (due - deadline >= 0) {
                    return;
                }
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
            }
            Endpoint endpoint = mix.endpoint(i);
            send(endpoint.method(), mix.path(i), recorded ? recorders.get(endpoint.toString()) : null, due);
        }
    }

    private void send(String method, String path, LatencyRecorder recorder) {
        send(method, path, recorder, System.nanoTime());
    }

    /**
     * Sends one request; its latency counts from {@code due}, when it was due to be sent, into
     * {@code recorder} (none during the warm-up).
     */
    private void send(String method, String path, LatencyRecorder recorder, long due) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.base() + path))
                .timeout(Duration.ofMillis(options.timeoutMillis()))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        long start = due;
        String error;
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            error = status >= 200 && status < 300 ? null
                    : "HTTP " + status + " for " + method + " " + request.uri() + ": " + abbreviate(response.body());
        } catch (IOException e) {
            error = e + " for " + method + " " + request.uri();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        if (recorder != null) {
            recorder.record(System.nanoTime() - start, error);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
