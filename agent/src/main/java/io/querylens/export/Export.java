package io.querylens.export;

import io.querylens.bootstrap.Config;
import io.querylens.bootstrap.Log;
import io.querylens.detect.FindingSummary;
import io.querylens.stats.StatsRegistry;
import io.querylens.work.UnitListener;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything the export package runs, wired from {@link Config} at agent start: the OpenTelemetry SDK
 * ({@link Telemetry}), the unit exporter ({@link UnitExporter}, the {@link UnitListener} to register with the
 * work tracker), the JSON report ({@link JsonReport}, when {@code querylens.report} is set) and the console
 * summary ({@link ConsoleSummary}). Starting never throws; {@link #shutdown()} is called once from the agent's
 * shutdown hook and waits at most {@code querylens.export.shutdown.timeout}.
 *
 * <pre>
 * Export export = Export.start(config, statsRegistry, findingRegistry::snapshot, agentCounters);
 * workTracker.addListener(export.listener());
 * Runtime.getRuntime().addShutdownHook(new Thread(export::shutdown, "querylens-shutdown"));
 * </pre>
 */
public final class Export {
    private final Telemetry telemetry;
    private final UnitExporter exporter;
    private final JsonReport report;
    private final ConsoleSummary summary;
    private final long shutdownTimeoutMillis;
    private final PrintStream summaryOut;
    private boolean shutDown;

    private Export(Telemetry telemetry, UnitExporter exporter, JsonReport report, ConsoleSummary summary,
                   long shutdownTimeoutMillis, PrintStream summaryOut) {
        this.telemetry = telemetry;
        this.exporter = exporter;
        this.report = report;
        this.summary = summary;
        this.shutdownTimeoutMillis = shutdownTimeoutMillis;
        this.summaryOut = summaryOut;
    }

    /**
     * @param findings      aggregated findings, e.g. {@code findingRegistry::snapshot}
     * @param agentCounters the agent's own counters for the report's {@code agent} section (fingerprints
     *                      overflowed, ...); the export counters are added to them
     */
    public static Export start(Config config, StatsRegistry stats, Supplier<List<FindingSummary>> findings,
                               Supplier<? extends Map<String, ?>> agentCounters) {
        return start(config, stats, findings, agentCounters, Collections.emptyMap(), System.err);
    }

    /** As above, with {@code otel.*} properties overriding the environment (tests) and the summary's stream. */
    public static Export start(Config config, StatsRegistry stats, Supplier<List<FindingSummary>> findings,
                               Supplier<? extends Map<String, ?>> agentCounters, Map<String, String> otelProperties,
                               PrintStream summaryOut) {
        ExportCounters counters = new ExportCounters();
        Telemetry telemetry = Telemetry.create(config, stats, counters, otelProperties);
        UnitExporter exporter = new UnitExporter(config, telemetry);
        exporter.start();
        JsonReport report = null;
        String path = config.getString("querylens.report", null);
        if (path != null) {
            try {
                Supplier<Map<String, Object>> all = () -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    if (agentCounters != null) {
                        m.putAll(agentCounters.get());
                    }
                    m.putAll(counters.asMap());
                    return m;
                };
                report = new JsonReport(Paths.get(path), stats, findings, all,
                        config.getInt("querylens.report.statements.max", 1000, 1, 1_000_000));
                report.start(config.getMillis("querylens.report.interval", 10_000, 100, 86_400_000));
            } catch (InvalidPathException e) {
                Log.warn("ignoring querylens.report=" + path + ": not a valid path (" + e.getMessage() + ")");
            }
        }
        ConsoleSummary summary = config.getBoolean("querylens.summary", true)
                ? new ConsoleSummary(stats, findings) : null;
        Log.debug("export: " + telemetry + (report == null ? "" : ", report " + report.path()));
        return new Export(telemetry, exporter, report, summary,
                Telemetry.shutdownTimeoutMillis(config), summaryOut);
    }

    /** The listener to register for finished units of work. */
    public UnitListener listener() {
        return exporter;
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public ExportCounters counters() {
        return telemetry.counters();
    }

    /** The JSON report, or null when {@code querylens.report} is not set. */
    public JsonReport report() {
        return report;
    }

    /**
     * Drains the unit queue, writes the final report, prints the summary and shuts the SDK down (flushing
     * spans and metrics), in that order so a slow collector delays neither report nor summary. Waits at most
     * {@code querylens.export.shutdown.timeout} in all for the queue and the SDK (plus the time to write the
     * report). Idempotent; never throws.
     */
    public void shutdown() {
        synchronized (this) {
            if (shutDown) {
                return;
            }
            shutDown = true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownTimeoutMillis);
        try {
            exporter.shutdown(shutdownTimeoutMillis);
            if (report != null) {
                report.shutdown();
            }
            if (summary != null) {
                summary.print(summaryOut);
            }
            telemetry.shutdown(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        } catch (RuntimeException e) {
            Log.error("export shutdown failed", e);
        }
    }
}
