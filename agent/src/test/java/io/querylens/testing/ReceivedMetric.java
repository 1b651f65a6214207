package io.querylens.testing;

import java.util.List;
import java.util.Map;

/** One metric of one OTLP export request, decoded into plain Java values. */
public final class ReceivedMetric {
    /** A data point: histograms fill count/sum/bounds/bucketCounts, sums and gauges fill value. */
    public static final class Point {
        public final Map<String, Object> attributes;
        public final long startEpochNanos;
        public final long epochNanos;
        public final long count;
        public final double sum;
        public final List<Double> bounds;
        public final List<Long> bucketCounts;
        /** A sum's or gauge's value (Long for integer points, Double otherwise); null for histograms. */
        public final Number value;

        Point(Map<String, Object> attributes, long startEpochNanos, long epochNanos, long count, double sum,
              List<Double> bounds, List<Long> bucketCounts, Number value) {
            this.attributes = attributes;
            this.startEpochNanos = startEpochNanos;
            this.epochNanos = epochNanos;
            this.count = count;
            this.sum = sum;
            this.bounds = bounds;
            this.bucketCounts = bucketCounts;
            this.value = value;
        }

        public Object attribute(String key) {
            return attributes.get(key);
        }

        @Override
        public String toString() {
            return attributes + (value != null ? " value=" + value : " count=" + count + " sum=" + sum
                    + " buckets=" + bucketCounts);
        }
    }

    public final String name;
    public final String unit;
    /** {@code HISTOGRAM}, {@code SUM}, {@code GAUGE}, {@code EXPONENTIAL_HISTOGRAM} or {@code SUMMARY}. */
    public final String type;
    /** {@code CUMULATIVE}, {@code DELTA}, or null for gauges. */
    public final String temporality;
    public final List<Point> points;
    public final Map<String, Object> resource;
    public final String scope;
    public final String protocol;

    ReceivedMetric(String name, String unit, String type, String temporality, List<Point> points,
                   Map<String, Object> resource, String scope, String protocol) {
        this.name = name;
        this.unit = unit;
        this.type = type;
        this.temporality = temporality;
        this.points = points;
        this.resource = resource;
        this.scope = scope;
        this.protocol = protocol;
    }

    @Override
    public String toString() {
        return name + " (" + type + ", " + unit + ") " + points;
    }
}
