package io.querylens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.bootstrap.Config;
import io.querylens.stats.StatsRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryTest {
    private final StatsRegistry stats = new StatsRegistry(100, 100);
    private final ExportCounters counters = new ExportCounters();

    private Telemetry telemetry(String... otel) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < otel.length; i += 2) {
            props.put(otel[i], otel[i + 1]);
        }
        return Telemetry.create(Config.of(Collections.emptyMap()), stats, counters, props);
    }

    @Test
    void the_service_name_defaults_to_the_main_class_or_jar_name() {
        assertEquals("shop", Telemetry.defaultServiceName("shop", "com.acme.Main --port 8080"));
        assertEquals("Main", Telemetry.defaultServiceName(null, "com.acme.Main --port 8080"));
        assertEquals("OrderServer", Telemetry.defaultServiceName(null, "OrderServer"));
        assertEquals("orders-1.2", Telemetry.defaultServiceName(null, "/opt/app/orders-1.2.jar --spring.profiles.active=prod"));
        assertEquals("app", Telemetry.defaultServiceName(null, "C:\\apps\\app.JAR"));
        assertEquals("Hello", Telemetry.defaultServiceName(null, "Hello.java"));
        assertEquals("Main", Telemetry.defaultServiceName(null, "com.acme/com.acme.Main"));
        assertEquals("unknown_service:java", Telemetry.defaultServiceName(null, null));
        assertEquals("unknown_service:java", Telemetry.defaultServiceName(" ", ""));
    }

    @Test
    void an_invalid_otel_setting_turns_export_off_and_never_throws() {
        Telemetry t = telemetry("otel.traces.exporter", "carrier-pigeon");

        assertFalse(t.tracesEnabled());
        assertFalse(t.metricsEnabled());
        assertFalse(new UnitExporter(t, 16, 1.0).active());
        t.shutdown();
    }

    @Test
    void exporters_set_to_none_build_no_span_and_record_no_metric() {
        Telemetry t = telemetry("otel.traces.exporter", "none", "otel.metrics.exporter", "none");

        assertFalse(t.tracesEnabled());
        assertFalse(t.metricsEnabled());
        assertFalse(new UnitExporter(t, 16, 1.0).active());
        t.shutdown();
    }

    @Test
    void a_disabled_sdk_exports_nothing() {
        Telemetry t = telemetry("otel.sdk.disabled", "true");

        assertFalse(t.tracesEnabled());
        assertFalse(t.metricsEnabled());
        t.shutdown();
    }

    @Test
    void console_traces_and_no_metrics_is_traces_only() {
        Telemetry t = telemetry("otel.traces.exporter", "console", "otel.metrics.exporter", "none");

        assertTrue(t.tracesEnabled());
        assertFalse(t.metricsEnabled());
        t.shutdown();
    }

    @Test
    void the_prometheus_exporter_serves_the_statement_metrics_under_their_prometheus_names() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Telemetry t = telemetry("otel.traces.exporter", "none", "otel.metrics.exporter", "prometheus",
                "otel.exporter.prometheus.host", "127.0.0.1", "otel.exporter.prometheus.port", String.valueOf(port));
        try {
            assertTrue(t.metricsEnabled());
            stats.record(TestData.selectCustomer(), TestData.POSTGRES, 3 * TestData.MS, false);

            String text = get("http://127.0.0.1:" + port + "/metrics");

            assertTrue(text.contains("db_client_operation_duration_seconds_bucket{"), text);
            assertTrue(text.contains("querylens_fingerprint=\"" + TestData.selectCustomer().hex + "\""), text);
            assertTrue(text.contains("db_client_operation_duration_seconds_count{"), text);
        } finally {
            t.shutdown();
        }
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }
}
