package io.querylens.demo.load;

import io.querylens.demo.Durations;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The load driver's settings.
 *
 * <pre>
 * --base=http://127.0.0.1:8080   the shop
 * --duration=30s                 stop after this long (default 30s; 10m when only --requests is given)
 * --warmup=0s                    first send the same load this long (and at most --requests), in the same
 *                                JVM, counting none of it: the client's own JIT and connections are warm
 *                                when the measured run starts, whose --duration counts from then
 * --requests=N                   stop after N requests (default: no count limit)
 * --threads=4                    concurrent clients, each sending one request at a time
 * --rate=N                       send N requests per second in all, on a fixed schedule (default: as fast
 *                                as the clients can); latency then counts from each request's scheduled
 *                                start, so a server falling behind shows in it
 * --mix=all                      all | clean | traps
 * --json=FILE                    also write the results as JSON
 * --batch-job                    first run POST /jobs/nightly-report once
 * --timeout=60s                  per request
 * </pre>
 */
public final class LoadOptions {
    public static final String USAGE = "usage: java -cp querylens-demo.jar io.querylens.demo.LoadDriver"
            + " [--base=http://127.0.0.1:8080] [--duration=30s] [--warmup=0s] [--requests=N] [--threads=4] [--rate=N] [--mix=all|clean|traps]"
            + " [--json=FILE] [--batch-job] [--timeout=60s]";

    private String base = "http://127.0.0.1:8080";
    private long durationMillis = -1;
    private long warmupMillis;
    private long requests;
    private int threads = 4;
    private long rate;
    private RequestMix.Kind mix = RequestMix.Kind.ALL;
    private Path json;
    private boolean batchJob;
    private long timeoutMillis = 60_000;
    private boolean help;

    /** @throws IllegalArgumentException naming the first bad argument */
    public static LoadOptions parse(String[] args) {
        LoadOptions o = new LoadOptions();
        for (String arg : args) {
            if ("--help".equals(arg) || "-h".equals(arg)) {
                o.help = true;
            } else if ("--batch-job".equals(arg)) {
                o.batchJob = true;
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                String name = arg.substring(2, arg.indexOf('='));
                o.set(name, arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
        }
        if (o.durationMillis < 0) {
            o.durationMillis = o.requests > 0 ? 600_000 : 30_000;
        }
        return o;
    }

    private void set(String name, String value) {
        switch (name) {
            case "base":
                base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                break;
            case "duration":
                durationMillis = Durations.parseMillis(value);
                break;
            case "warmup":
                warmupMillis = Durations.parseMillis(value);
                break;
            case "requests":
                requests = positive(name, value);
                break;
            case "threads":
                threads = (int) Math.min(positive(name, value), 1024);
                break;
            case "rate":
                rate = positive(name, value);
                break;
            case "mix":
                mix = RequestMix.Kind.parse(value);
                break;
            case "json":
                json = Paths.get(value);
                break;
            case "batch-job":
                batchJob = Boolean.parseBoolean(value);
                break;
            case "timeout":
                timeoutMillis = Durations.parseMillis(value);
                break;
            default:
                throw new IllegalArgumentException("unknown option --" + name);
        }
    }

    private static long positive(String name, String value) {
        try {
            long n = Long.parseLong(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive number, not '" + value + "'");
    }

    public String base() {
        return base;
    }

    public long durationMillis() {
        return durationMillis;
    }

    /** How long the same load runs, uncounted, before the measured run; 0 for none. */
    public long warmupMillis() {
        return warmupMillis;
    }

    /** 0 for no count limit. */
    public long requests() {
        return requests;
    }

    public int threads() {
        return threads;
    }

    /** Requests per second on a fixed schedule, or 0 for as fast as the clients can. */
    public long rate() {
        return rate;
    }

    public RequestMix.Kind mix() {
        return mix;
    }

    /** Null for no JSON file. */
    public Path json() {
        return json;
    }

    public boolean batchJob() {
        return batchJob;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    public boolean help() {
        return help;
    }
}
