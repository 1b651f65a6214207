package io.querylens.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Wraps the autoconfigured span exporter to count spans sent and spans lost to failed exports (receiver down,
 * refusing, too slow). The SDK itself only logs such failures; the report and the
 * {@code querylens.agent.dropped} metric need the numbers.
 */
final class CountingSpanExporter implements SpanExporter {
    private final SpanExporter delegate;
    private final ExportCounters counters;

    CountingSpanExporter(SpanExporter delegate, ExportCounters counters) {
        this.delegate = delegate;
        this.counters = counters;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        int n = spans.size();
        return ExportCalls.observe(() -> delegate.export(spans), ok -> {
            if (ok) {
                counters.spansExported.addAndGet(n);
            } else {
                counters.spansFailed.addAndGet(n);
                counters.spanExportFailures.incrementAndGet();
            }
        });
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
