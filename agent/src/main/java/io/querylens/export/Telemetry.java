package io.querylens.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.internal.AutoConfigureUtil;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.querylens.bootstrap.Config;
import io.querylens.bootstrap.Log;
import io.querylens.stats.StatsRegistry;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent's own OpenTelemetry SDK, configured the way users expect: by {@code OTEL_*} environment variables
 * and {@code otel.*} system properties through the SDK's autoconfigure ({@code OTEL_SERVICE_NAME},
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc|http/protobuf},
 * {@code OTEL_TRACES_EXPORTER} / {@code OTEL_METRICS_EXPORTER} = {@code otlp}, {@code console},
 * {@code logging}, {@code none}, and {@code prometheus} for metrics).
 *
 * <p>QueryLens changes only defaults: logs export off, the SDK sampler {@code always_on} (QueryLens decides
 * which units to trace itself, see {@link UnitSampler}), and the service name (see
 * {@link #defaultServiceName}). The SDK is never registered as the global OpenTelemetry (the application may
 * have its own) and registers no shutdown hook: the agent's hook calls {@link #shutdown()}, which waits at
 * most {@code querylens.export.shutdown.timeout}.
 *
 * <p>Creation never throws: an SDK that cannot be built (an invalid {@code OTEL_*} value) is reported in one
 * warning and export stays off; the JSON report and console summary work regardless.
 */
public final class Telemetry {
    static final String SCOPE = "io.querylens";
    static final String VERSION = Telemetry.class.getPackage() == null ? null
            : Telemetry.class.getPackage().getImplementationVersion();
    private static final AttributeKey<String> WHAT = AttributeKey.stringKey("what");
    private static final Attributes UNITS = Attributes.of(WHAT, "units");
    private static final Attributes SPANS = Attributes.of(WHAT, "spans");

    private final OpenTelemetrySdk sdk;
    private final boolean traces;
    private final boolean metrics;
    private final ExportCounters counters;
    private final long shutdownTimeoutMillis;
    private volatile boolean shutDown;

    private Telemetry(OpenTelemetrySdk sdk, boolean traces, boolean metrics, ExportCounters counters,
                      long shutdownTimeoutMillis) {
        this.sdk = sdk;
        this.traces = traces;
        this.metrics = metrics;
        this.counters = counters;
        this.shutdownTimeoutMillis = shutdownTimeoutMillis;
    }

    /** {@code querylens.export.shutdown.timeout}: read here only, for the SDK and for {@link Export}. */
    static long shutdownTimeoutMillis(Config config) {
        return config.getMillis("querylens.export.shutdown.timeout", 2000, 0, 600_000);
    }

    /** Builds the SDK from {@code OTEL_*} / {@code otel.*}; never throws (export off on failure). */
    public static Telemetry create(Config config, StatsRegistry stats, ExportCounters counters) {
        return create(config, stats, counters, Collections.emptyMap());
    }

    /**
     * As {@link #create(Config, StatsRegistry, ExportCounters)}, with {@code otel.*} properties that take
     * precedence over the environment and system properties: tests configure the SDK here instead of touching
     * system properties.
     */
    public static Telemetry create(Config config, StatsRegistry stats, ExportCounters counters,
                                   Map<String, String> otelProperties) {
        long timeout = shutdownTimeoutMillis(config);
        int maxFingerprints = config.getInt("querylens.metrics.fingerprints.max", 50, 0, 10_000);
        String serviceName = defaultServiceName(config.getString("querylens.service.name", null),
                System.getProperty("sun.java.command"));
        try {
            AutoConfiguredOpenTelemetrySdk auto = AutoConfiguredOpenTelemetrySdk.builder()
                    .setServiceClassLoader(Telemetry.class.getClassLoader())
                    .disableShutdownHook()
                    .addPropertiesSupplier(Telemetry::defaults)
                    .addPropertiesCustomizer(p -> otelProperties)
                    .addPropertiesCustomizer(p -> serviceNameUnlessSet(p, serviceName))
                    .addSpanExporterCustomizer((e, p) -> new CountingSpanExporter(e, counters))
                    .addMetricExporterCustomizer((e, p) -> new CountingMetricExporter(e, counters))
                    .addMeterProviderCustomizer((b, p) ->
                            b.registerMetricProducer(new StatsMetricProducer(stats, maxFingerprints)))
                    .build();
            ConfigProperties p = AutoConfigureUtil.getConfig(auto);
            boolean disabled = p.getBoolean("otel.sdk.disabled", false);
            boolean traces = !disabled && ExportSettings.exporting(p.getList("otel.traces.exporter", List.of("otlp")));
            boolean metrics = !disabled && ExportSettings.exporting(p.getList("otel.metrics.exporter", List.of("otlp")));
            Telemetry t = new Telemetry(auto.getOpenTelemetrySdk(), traces, metrics, counters, timeout);
            t.registerAgentMetrics();
            return t;
        } catch (Exception | LinkageError e) {
            // a configuration error's message says it all; a LinkageError's is a bare class name
            Log.warn("OpenTelemetry export is off: " + (e instanceof LinkageError ? e.toString() : e.getMessage())
                    + " (check the OTEL_* environment variables / otel.* system properties)");
            return off(counters);
        }
    }

    /** Around an SDK built elsewhere (tests: in-memory exporters and readers). */
    static Telemetry of(OpenTelemetrySdk sdk, boolean traces, boolean metrics, ExportCounters counters) {
        Telemetry t = new Telemetry(sdk, traces, metrics, counters, 5000);
        t.registerAgentMetrics();
        return t;
    }

    /** Export off: no SDK, no threads. */
    public static Telemetry off(ExportCounters counters) {
        return new Telemetry(null, false, false, counters, 0);
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new HashMap<>();
        m.put("otel.logs.exporter", "none");
        m.put("otel.traces.sampler", "always_on");
        return m;
    }

    /**
     * The default service name, only when neither {@code otel.service.name} nor a {@code service.name} in
     * {@code otel.resource.attributes} is set (a supplied default would override the latter).
     */
    static Map<String, String> serviceNameUnlessSet(ConfigProperties p, String serviceName) {
        if (p.getString("otel.service.name") != null
                || p.getMap("otel.resource.attributes").containsKey("service.name")) {
            return Collections.emptyMap();
        }
        return Collections.singletonMap("otel.service.name", serviceName);
    }

    /**
     * {@code querylens.service.name} if set; else the application's main class simple name, or its jar's file
     * name without {@code .jar}, from {@code sun.java.command}; else {@code unknown_service:java}.
     */
    static String defaultServiceName(String configured, String javaCommand) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (javaCommand == null || javaCommand.isBlank()) {
            return "unknown_service:java";
        }
        String first = javaCommand.trim().split("\\s+")[0];
        String lower = first.toLowerCase(Locale.ROOT);
        String name;
        if (lower.endsWith(".jar") || lower.endsWith(".java")) {
            String file = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
            name = file.substring(0, file.lastIndexOf('.'));
        } else {
            String cls = first.substring(first.lastIndexOf('/') + 1);
            name = cls.substring(cls.lastIndexOf('.') + 1);
        }
        return name.isEmpty() ? "unknown_service:java" : name;
    }


    private void registerAgentMetrics() {
        if (metrics) {
            meter().counterBuilder("querylens.agent.dropped")
                    .setDescription("Units of work and spans QueryLens could not export (queue full, export failed)")
                    .setUnit("{item}")
                    .buildWithCallback(m -> {
                        m.record(counters.unitsDropped(), UNITS);
                        m.record(counters.spansFailed(), SPANS);
                    });
        }
    }

    /** True when spans go somewhere: build none otherwise. */
    public boolean tracesEnabled() {
        return traces && !shutDown;
    }

    /** True when a metric reader exists: record no instrument otherwise. */
    public boolean metricsEnabled() {
        return metrics && !shutDown;
    }

    public ExportCounters counters() {
        return counters;
    }

    /** The agent's tracer; only meaningful when {@link #tracesEnabled()}. */
    public Tracer tracer() {
        TracerBuilder b = sdkOrNoop().tracerBuilder(SCOPE);
        return (VERSION == null ? b : b.setInstrumentationVersion(VERSION)).build();
    }

    /** The agent's meter; only meaningful when {@link #metricsEnabled()}. */
    public Meter meter() {
        MeterBuilder b = sdkOrNoop().meterBuilder(SCOPE);
        return (VERSION == null ? b : b.setInstrumentationVersion(VERSION)).build();
    }

    private io.opentelemetry.api.OpenTelemetry sdkOrNoop() {
        return sdk == null ? io.opentelemetry.api.OpenTelemetry.noop() : sdk;
    }

    /** Pushes out pending spans and metrics, waiting at most {@code timeoutMillis}; true if all went. */
    public boolean flush(long timeoutMillis) {
        if (sdk == null || shutDown) {
            return true;
        }
        CompletableResultCode r = CompletableResultCode.ofAll(Arrays.asList(
                sdk.getSdkTracerProvider().forceFlush(), sdk.getSdkMeterProvider().forceFlush()));
        return r.join(timeoutMillis, TimeUnit.MILLISECONDS).isSuccess();
    }

    /**
     * Flushes and shuts the SDK down, waiting at most {@code querylens.export.shutdown.timeout}; idempotent.
     * Call after the unit exporter has drained its queue.
     */
    public void shutdown() {
        shutdown(shutdownTimeoutMillis);
    }

    /** As {@link #shutdown()}, waiting at most {@code timeoutMillis}. */
    public void shutdown(long timeoutMillis) {
        if (sdk == null || shutDown) {
            return;
        }
        shutDown = true;
        // SdkMeterProvider.shutdown() blocks its caller (the periodic reader waits for its last export), so the
        // SDK is shut down on a thread of its own and the agent's shutdown hook waits only as long as allowed
        CompletableResultCode r = new CompletableResultCode();
        Thread t = new Thread(() -> {
            try {
                CompletableResultCode s = sdk.shutdown();
                s.whenComplete(() -> {
                    if (s.isSuccess()) {
                        r.succeed();
                    } else {
                        r.fail();
                    }
                });
            } catch (RuntimeException e) {
                r.fail();
            }
        }, "querylens-otel-shutdown");
        t.setDaemon(true);
        t.start();
        r.join(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
        if (!r.isDone()) {
            Log.warn("OpenTelemetry export did not finish within " + timeoutMillis
                    + " ms at shutdown; unsent spans and metrics are lost");
        }
    }

    @Override
    public String toString() {
        return "Telemetry{traces=" + traces + ", metrics=" + metrics + (sdk == null ? ", off" : "") + "}";
    }
}
