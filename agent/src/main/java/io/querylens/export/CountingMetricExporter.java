package io.querylens.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;

/**
 * Wraps the autoconfigured push metric exporter (OTLP, console) to count failed exports. Every selector of the
 * delegate is passed through so the wrapper changes neither temporality nor aggregation.
 */
final class CountingMetricExporter implements MetricExporter {
    private final MetricExporter delegate;
    private final ExportCounters counters;

    CountingMetricExporter(MetricExporter delegate, ExportCounters counters) {
        this.delegate = delegate;
        this.counters = counters;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        return ExportCalls.observe(() -> delegate.export(metrics), ok -> {
            if (!ok) {
                counters.metricExportFailures.incrementAndGet();
            }
        });
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return delegate.getAggregationTemporality(instrumentType);
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
        return delegate.getDefaultAggregation(instrumentType);
    }

    @Override
    public MemoryMode getMemoryMode() {
        return delegate.getMemoryMode();
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    @Override
    public String toString() {
        return "Counting{" + delegate + "}";
    }
}
