package io.querylens.export;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the {@code otel.*} settings say about export before the SDK is built, in a class of its own: asking
 * {@link Telemetry} loaded it and its OpenTelemetry attribute constants on the agent's start-up path, where
 * the application's first statement may wait for the agent; the SDK itself starts seconds later.
 */
final class ExportSettings {
    private ExportSettings() {}

    /**
     * A cheap early answer, before the SDK is built: false when the system properties or environment turn
     * the SDK off or set both the traces and metrics exporters to {@code none}; true otherwise (the SDK may
     * still decide not to export).
     */
    static boolean mayExport() {
        if ("true".equalsIgnoreCase(otelSetting("otel.sdk.disabled"))) {
            return false;
        }
        return exporting(setting("otel.traces.exporter")) || exporting(setting("otel.metrics.exporter"));
    }

    private static List<String> setting(String key) {
        String v = otelSetting(key);
        return v == null || v.isBlank() ? List.of("otlp") : Arrays.asList(v.split(","));
    }

    private static String otelSetting(String key) {
        String v = System.getProperty(key);
        return v != null ? v : System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_'));
    }

    /** Whether a list of {@code otel.*.exporter} names exports anywhere: any name but {@code none}. */
    static boolean exporting(List<String> exporters) {
        for (String e : exporters) {
            if (!"none".equals(e.trim())) {
                return true;
            }
        }
        return false;
    }
}
