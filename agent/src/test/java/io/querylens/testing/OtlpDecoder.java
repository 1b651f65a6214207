package io.querylens.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes OTLP protobuf export requests into {@link ReceivedSpan} / {@link ReceivedMetric}. */
final class OtlpDecoder {
    private OtlpDecoder() {}

    static List<ReceivedSpan> spans(byte[] body, String protocol) throws InvalidProtocolBufferException {
        List<ReceivedSpan> out = new ArrayList<>();
        for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
            Map<String, Object> resource = attributes(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    List<ReceivedSpan.Event> events = new ArrayList<>();
                    for (Span.Event e : s.getEventsList()) {
                        events.add(new ReceivedSpan.Event(e.getName(), e.getTimeUnixNano(),
                                attributes(e.getAttributesList())));
                    }
                    out.add(new ReceivedSpan(s.getName(), s.getKind().name().replace("SPAN_KIND_", ""),
                            hex(s.getTraceId()), hex(s.getSpanId()), hex(s.getParentSpanId()),
                            s.getStartTimeUnixNano(), s.getEndTimeUnixNano(), attributes(s.getAttributesList()),
                            Collections.unmodifiableList(events), s.getStatus().getCode().name().replace("STATUS_CODE_", ""),
                            resource, ss.getScope().getName(), protocol));
                }
            }
        }
        return out;
    }

    static List<ReceivedMetric> metrics(byte[] body, String protocol) throws InvalidProtocolBufferException {
        List<ReceivedMetric> out = new ArrayList<>();
        for (ResourceMetrics rm : ExportMetricsServiceRequest.parseFrom(body).getResourceMetricsList()) {
            Map<String, Object> resource = attributes(rm.getResource().getAttributesList());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    out.add(metric(m, resource, sm.getScope().getName(), protocol));
                }
            }
        }
        return out;
    }

    static int logRecords(byte[] body) throws InvalidProtocolBufferException {
        int n = 0;
        for (ResourceLogs rl : ExportLogsServiceRequest.parseFrom(body).getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                n += sl.getLogRecordsCount();
            }
        }
        return n;
    }

    private static ReceivedMetric metric(Metric m, Map<String, Object> resource, String scope, String protocol) {
        List<ReceivedMetric.Point> points = new ArrayList<>();
        String temporality = null;
        switch (m.getDataCase()) {
            case HISTOGRAM:
                temporality = m.getHistogram().getAggregationTemporality().name();
                for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                    points.add(new ReceivedMetric.Point(attributes(p.getAttributesList()), p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(), p.getCount(), p.getSum(),
                            Collections.unmodifiableList(new ArrayList<>(p.getExplicitBoundsList())),
                            Collections.unmodifiableList(new ArrayList<>(p.getBucketCountsList())), null));
                }
                break;
            case SUM:
                temporality = m.getSum().getAggregationTemporality().name();
                for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                    points.add(number(p));
                }
                break;
            case GAUGE:
                for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                    points.add(number(p));
                }
                break;
            default:
                break;
        }
        if (temporality != null) {
            temporality = temporality.replace("AGGREGATION_TEMPORALITY_", "");
        }
        return new ReceivedMetric(m.getName(), m.getUnit(), m.getDataCase().name(), temporality,
                Collections.unmodifiableList(points), resource, scope, protocol);
    }

    private static ReceivedMetric.Point number(NumberDataPoint p) {
        Number v = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? (Number) p.getAsInt() : (Number) p.getAsDouble();
        return new ReceivedMetric.Point(attributes(p.getAttributesList()), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                0, 0, Collections.emptyList(), Collections.emptyList(), v);
    }

    static Map<String, Object> attributes(List<KeyValue> kvs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            m.put(kv.getKey(), value(kv.getValue()));
        }
        return Collections.unmodifiableMap(m);
    }

    private static Object value(AnyValue v) {
        switch (v.getValueCase()) {
            case STRING_VALUE: return v.getStringValue();
            case BOOL_VALUE: return v.getBoolValue();
            case INT_VALUE: return v.getIntValue();
            case DOUBLE_VALUE: return v.getDoubleValue();
            case BYTES_VALUE: return v.getBytesValue().toByteArray();
            case ARRAY_VALUE: {
                List<Object> l = new ArrayList<>();
                for (AnyValue a : v.getArrayValue().getValuesList()) {
                    l.add(value(a));
                }
                return Collections.unmodifiableList(l);
            }
            case KVLIST_VALUE: return attributes(v.getKvlistValue().getValuesList());
            default: return null;
        }
    }

    static String hex(ByteString b) {
        StringBuilder sb = new StringBuilder(b.size() * 2);
        for (int i = 0; i < b.size(); i++) {
            int x = b.byteAt(i) & 0xff;
            sb.append(Character.forDigit(x >> 4, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
