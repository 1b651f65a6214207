package io.querylens.export;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the export pipeline did and what its bounds turned away, since start. Read by the JSON report's
 * {@code agent} section and by the {@code querylens.agent.dropped} metric; written by the export thread and
 * by the SDK's exporter threads (through {@link CountingSpanExporter} and {@link CountingMetricExporter}).
 */
public final class ExportCounters {
    /** Units offered by the application threads. */
    final AtomicLong unitsOffered = new AtomicLong();
    /** Units turned away because the export queue was full. */
    final AtomicLong unitsDropped = new AtomicLong();
    /** Units whose spans were built. */
    final AtomicLong unitsTraced = new AtomicLong();
    /** Units not traced because sampling said no. */
    final AtomicLong unitsSampledOut = new AtomicLong();
    /** Spans built and ended (handed to the SDK's span processor). */
    final AtomicLong spansEnded = new AtomicLong();
    /** Spans the SDK's exporter sent successfully. */
    final AtomicLong spansExported = new AtomicLong();
    /** Spans in export calls that failed (receiver down, refused, timed out). */
    final AtomicLong spansFailed = new AtomicLong();
    /** Failed span export calls (one call carries a batch). */
    final AtomicLong spanExportFailures = new AtomicLong();
    /** Failed metric export calls. */
    final AtomicLong metricExportFailures = new AtomicLong();
    /** Units the export thread could not process because of an unexpected error (a bug: reported once). */
    final AtomicLong unitErrors = new AtomicLong();

    public long unitsOffered() {
        return unitsOffered.get();
    }

    public long unitsDropped() {
        return unitsDropped.get();
    }

    public long unitsTraced() {
        return unitsTraced.get();
    }

    public long unitsSampledOut() {
        return unitsSampledOut.get();
    }

    public long spansEnded() {
        return spansEnded.get();
    }

    public long spansExported() {
        return spansExported.get();
    }

    public long spansFailed() {
        return spansFailed.get();
    }

    public long spanExportFailures() {
        return spanExportFailures.get();
    }

    public long metricExportFailures() {
        return metricExportFailures.get();
    }

    public long unitErrors() {
        return unitErrors.get();
    }

    /** Every counter by its report name, in a stable order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("unitsOffered", unitsOffered.get());
        m.put("unitsDropped", unitsDropped.get());
        m.put("unitsTraced", unitsTraced.get());
        m.put("unitsSampledOut", unitsSampledOut.get());
        m.put("unitErrors", unitErrors.get());
        m.put("spansEnded", spansEnded.get());
        m.put("spansExported", spansExported.get());
        m.put("spansFailed", spansFailed.get());
        m.put("spanExportFailures", spanExportFailures.get());
        m.put("metricExportFailures", metricExportFailures.get());
        return m;
    }
}
