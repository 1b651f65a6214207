package io.querylens.it;

import io.querylens.testing.OtlpReceiver;
import io.querylens.testing.ReceivedMetric;
import io.querylens.testing.ReceivedSpan;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Shared set-up of the export integration tests: a forked JVM pointed at a test OTLP receiver. */
final class OtlpRuns {
    /** Short intervals, so a test waits for export in milliseconds rather than the SDK's default seconds. */
    static ForkedJvm exportingTo(ForkedJvm jvm, OtlpReceiver otlp, String protocol) {
        return jvm.env("OTEL_SERVICE_NAME", "export-it")
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", protocol.equals("grpc") ? otlp.grpcEndpoint() : otlp.httpEndpoint())
                .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100");
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static List<ReceivedSpan> select(List<ReceivedSpan> spans, Predicate<ReceivedSpan> p) {
        return spans.stream().filter(p).collect(Collectors.toList());
    }

    static ReceivedSpan one(List<ReceivedSpan> spans, Predicate<ReceivedSpan> p, String what) {
        List<ReceivedSpan> found = select(spans, p);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + what + ", found " + found.size() + " in " + spans);
        }
        return found.get(0);
    }

    /** The one point of {@code metric} whose attributes include every given entry. */
    static ReceivedMetric.Point point(ReceivedMetric metric, Map<String, Object> attributes) {
        List<ReceivedMetric.Point> found = metric.points.stream()
                .filter(pt -> attributes.entrySet().stream().allMatch(e -> e.getValue().equals(pt.attribute(e.getKey()))))
                .collect(Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one point with " + attributes + " in " + metric);
        }
        return found.get(0);
    }

    private OtlpRuns() {}
}
