package io.querylens.demo.load;

import io.querylens.demo.web.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The outcome of a load run: per endpoint and overall, count, errors, throughput and latency percentiles. */
public final class LoadReport {
    private final String base;
    private final String mix;
    private final int threads;
    private final long elapsedNanos;
    private final List<LatencyRecorder> endpoints;
    private final LatencyRecorder overall = new LatencyRecorder("overall");

    public LoadReport(String base, String mix, int threads, long elapsedNanos, List<LatencyRecorder> endpoints) {
        this.base = base;
        this.mix = mix;
        this.threads = threads;
        this.elapsedNanos = elapsedNanos;
        this.endpoints = Collections.unmodifiableList(new ArrayList<>(endpoints));
        for (LatencyRecorder r : endpoints) {
            overall.addAll(r);
        }
    }

    /** Endpoints that received at least one request, in mix order. */
    public List<LatencyRecorder> endpoints() {
        return endpoints;
    }

    public LatencyRecorder overall() {
        return overall;
    }

    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /** Requests per second over the whole run. */
    public double throughput(LatencyRecorder r) {
        return elapsedNanos == 0 ? 0 : r.count() / elapsedSeconds();
    }

    /** The plain-text table printed at the end of a run. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "QueryLens demo load: %s, mix=%s, threads=%d, %.1f s, %d requests, %d errors, %.1f req/s%n",
                base, mix, threads, elapsedSeconds(), overall.count(), overall.errors(), throughput(overall)));
        sb.append(String.format(Locale.ROOT, "%-32s %8s %7s %9s %9s %9s %9s %9s%n",
                "endpoint", "count", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"));
        for (LatencyRecorder r : endpoints) {
            line(sb, r);
        }
        line(sb, overall);
        for (LatencyRecorder r : endpoints) {
            if (r.firstError() != null) {
                sb.append("first error of ").append(r.name()).append(": ").append(r.firstError()).append(System.lineSeparator());
            }
        }
        if (overall.dropped() > 0) {
            sb.append(overall.dropped()).append(" latency samples were not kept (bound reached); percentiles cover the rest")
                    .append(System.lineSeparator());
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, LatencyRecorder r) {
        sb.append(String.format(Locale.ROOT, "%-32s %8d %7d %9.1f %9.2f %9.2f %9.2f %9.2f%n", r.name(), r.count(), r.errors(),
                throughput(r), r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.percentileMillis(100)));
    }

    /** The same figures as JSON (what {@code --json=FILE} writes). */
    public String toJson() {
        Json json = Json.object()
                .field("base", base)
                .field("mix", mix)
                .field("threads", threads)
                .field("elapsedSeconds", round(elapsedSeconds()))
                .beginArray("endpoints");
        for (LatencyRecorder r : endpoints) {
            stats(json.beginObject(), r).endObject();
        }
        json.endArray();
        return stats(json.beginObject("overall"), overall).endObject().endObject().toString();
    }

    private Json stats(Json json, LatencyRecorder r) {
        return json.field("name", r.name())
                .field("count", r.count())
                .field("errors", r.errors())
                .field("throughputPerSecond", round(throughput(r)))
                .field("p50Ms", round(r.percentileMillis(50)))
                .field("p95Ms", round(r.percentileMillis(95)))
                .field("p99Ms", round(r.percentileMillis(99)))
                .field("maxMs", round(r.percentileMillis(100)))
                .field("firstError", r.firstError());
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
