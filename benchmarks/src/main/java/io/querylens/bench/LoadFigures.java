package io.querylens.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Throughput and latency percentiles found in the demo load driver's JSON summary.
 *
 * <p>The reader is deliberately tolerant of the summary's shape, so the two modules can evolve apart: it
 * walks every numeric leaf and takes the first whose path (keys joined by dots, lower case) names the figure:
 * {@code p50}/{@code median}, {@code p95}, {@code p99} (not {@code p999}), and {@code throughput},
 * {@code rps} or {@code per_second}/{@code persecond} for requests per second. Latencies are taken as
 * milliseconds unless the path says microseconds ({@code us}, {@code micros}) or nanoseconds ({@code ns},
 * {@code nanos}); e.g. {@code {"throughput_rps": 812.5, "latency_ms": {"p50": 3.1, "p95": 7.9, "p99": 12}}}
 * and {@code {"p95Us": 7900}} both work. A figure not found is NaN.
 *
 * <p>A list named {@code endpoints} whose objects have a {@code name} gives each endpoint's p50 the same way
 * ({@link #endpointP50}): the demo driver's per-endpoint breakdown. Other lists are not the summary.
 */
public final class LoadFigures {
    private static final Pattern MICROS = Pattern.compile("us(?![a-z])|micro");
    private static final Pattern NANOS = Pattern.compile("ns(?![a-z])|nano");

    double throughput = Double.NaN;
    double p50Ms = Double.NaN;
    double p95Ms = Double.NaN;
    double p99Ms = Double.NaN;
    /** Per endpoint by name, in the summary's order: its p50 in ms (endpoints without one are left out). */
    final Map<String, Double> endpointP50 = new LinkedHashMap<>();

    public static LoadFigures from(Object json) {
        LoadFigures figures = new LoadFigures();
        figures.walk("", json);
        return figures;
    }

    @SuppressWarnings("unchecked")
    private void walk(String path, Object node) {
        if (node instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) node).entrySet()) {
                walk(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue());
            }
        } else if (node instanceof List) {
            if (path.toLowerCase(Locale.ROOT).endsWith("endpoints")) {
                endpoints((List<Object>) node);
            }
            // other arrays (histograms) are not the summary
        } else if (node instanceof Number) {
            take(path.toLowerCase(Locale.ROOT), ((Number) node).doubleValue());
        }
    }

    @SuppressWarnings("unchecked")
    private void endpoints(List<Object> list) {
        for (Object item : list) {
            if (item instanceof Map && ((Map<String, Object>) item).get("name") instanceof String) {
                Map<String, Object> endpoint = (Map<String, Object>) item;
                LoadFigures figures = from(endpoint);
                if (!Double.isNaN(figures.p50Ms)) {
                    endpointP50.put((String) endpoint.get("name"), figures.p50Ms);
                }
            }
        }
    }

    private void take(String path, double value) {
        if (Double.isNaN(throughput) && (path.contains("throughput") || path.contains("rps")
                || path.contains("per_second") || path.contains("persecond"))) {
            throughput = value;
        } else if (Double.isNaN(p50Ms) && (path.contains("p50") || path.contains("median"))) {
            p50Ms = millis(path, value);
        } else if (Double.isNaN(p95Ms) && path.contains("p95")) {
            p95Ms = millis(path, value);
        } else if (Double.isNaN(p99Ms) && path.contains("p99") && !path.contains("p999") && !path.contains("p99.9")
                && !path.contains("p99_9")) {
            p99Ms = millis(path, value);
        }
    }

    private static double millis(String path, double value) {
        if (MICROS.matcher(path).find()) {
            return value / 1e3;
        }
        if (NANOS.matcher(path).find()) {
            return value / 1e6;
        }
        return value;
    }
}
