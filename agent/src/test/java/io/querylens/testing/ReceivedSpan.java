package io.querylens.testing;

import java.util.List;
import java.util.Map;

/** A span as an OTLP receiver got it, decoded into plain Java values. */
public final class ReceivedSpan {
    /** A span event. */
    public static final class Event {
        public final String name;
        public final long epochNanos;
        public final Map<String, Object> attributes;

        Event(String name, long epochNanos, Map<String, Object> attributes) {
            this.name = name;
            this.epochNanos = epochNanos;
            this.attributes = attributes;
        }

        @Override
        public String toString() {
            return name + attributes;
        }
    }

    public final String name;
    /** {@code SERVER}, {@code CLIENT}, {@code INTERNAL}, {@code PRODUCER}, {@code CONSUMER} or {@code UNSPECIFIED}. */
    public final String kind;
    /** Lower-case hex; the parent is the empty string for a root span. */
    public final String traceId;
    public final String spanId;
    public final String parentSpanId;
    public final long startEpochNanos;
    public final long endEpochNanos;
    /** Values: String, Boolean, Long, Double, List, Map or byte[]. */
    public final Map<String, Object> attributes;
    public final List<Event> events;
    /** {@code UNSET}, {@code OK} or {@code ERROR}. */
    public final String status;
    public final Map<String, Object> resource;
    public final String scope;
    /** {@code http} or {@code grpc}. */
    public final String protocol;

    ReceivedSpan(String name, String kind, String traceId, String spanId, String parentSpanId, long startEpochNanos,
                 long endEpochNanos, Map<String, Object> attributes, List<Event> events, String status,
                 Map<String, Object> resource, String scope, String protocol) {
        this.name = name;
        this.kind = kind;
        this.traceId = traceId;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.startEpochNanos = startEpochNanos;
        this.endEpochNanos = endEpochNanos;
        this.attributes = attributes;
        this.events = events;
        this.status = status;
        this.resource = resource;
        this.scope = scope;
        this.protocol = protocol;
    }

    public Object attribute(String key) {
        return attributes.get(key);
    }

    @Override
    public String toString() {
        return kind + " '" + name + "' " + traceId + "/" + spanId + " parent=" + parentSpanId + " " + attributes
                + (events.isEmpty() ? "" : " events=" + events);
    }
}
