package io.querylens.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.querylens.detect.CallSite;
import io.querylens.detect.Finding;
import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import io.querylens.work.Execution;
import io.querylens.work.FinishedUnit;
import io.querylens.work.StatementGroup;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Builds the spans of one finished unit of work, after the fact, with the timestamps recorded when things
 * happened: a unit span (SERVER for a request, else INTERNAL) continuing the caller's trace when there is
 * one, with one {@code querylens.finding} event per finding; under it one CLIENT span per execution kept
 * individually, and for a group with folded executions one more CLIENT span standing for all of them
 * ({@code querylens.compressed.count}, {@code querylens.compressed.duration_ns}): a loop of 10,000 statements
 * is a handful of spans, not 10,000.
 */
final class UnitSpans {
    static final AttributeKey<String> UNIT_KIND = AttributeKey.stringKey("querylens.unit_of_work.kind");
    static final AttributeKey<Long> UNIT_STATEMENTS = AttributeKey.longKey("querylens.unit_of_work.statements");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Boolean> HAS_FINDINGS = AttributeKey.booleanKey("querylens.has_findings");
    static final String FINDING_EVENT = "querylens.finding";
    static final AttributeKey<String> FINDING_TYPE = AttributeKey.stringKey("querylens.finding.type");
    static final AttributeKey<Long> FINDING_REPETITIONS = AttributeKey.longKey("querylens.finding.repetitions");
    static final AttributeKey<String> FINDING_SUGGESTION = AttributeKey.stringKey("querylens.finding.suggestion");
    static final AttributeKey<String> ASSOCIATION = AttributeKey.stringKey("querylens.association");
    static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");
    static final AttributeKey<String> CODE_FILE = AttributeKey.stringKey("code.file.path");
    static final AttributeKey<Long> CODE_LINE = AttributeKey.longKey("code.line.number");
    static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
    static final AttributeKey<String> QUERY_SUMMARY = AttributeKey.stringKey("db.query.summary");
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
    static final AttributeKey<Long> RETURNED_ROWS = AttributeKey.longKey("db.response.returned_rows");
    static final AttributeKey<Long> COMPRESSED_COUNT = AttributeKey.longKey("querylens.compressed.count");
    static final AttributeKey<Long> COMPRESSED_DURATION = AttributeKey.longKey("querylens.compressed.duration_ns");
    static final AttributeKey<Long> COMPRESSED_ERRORS = AttributeKey.longKey("querylens.compressed.errors");
    static final AttributeKey<Long> COMPRESSED_ROWS = AttributeKey.longKey("querylens.compressed.rows");

    private final Tracer tracer;

    UnitSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Builds and ends every span of {@code unit}.
     *
     * @param parent the caller's span context, or null to start a new trace
     * @return the number of spans ended
     */
    int export(FinishedUnit unit, SpanContext parent) {
        Span unitSpan = unitSpan(unit, parent);
        Context context = Context.root().with(unitSpan);
        int spans = 1;
        if (unit.groups != null) {
            for (StatementGroup g : unit.groups) {
                spans += groupSpans(g, context);
            }
        }
        unitSpan.end(unit.endEpochNanos, TimeUnit.NANOSECONDS);
        return spans;
    }

    private Span unitSpan(FinishedUnit unit, SpanContext parent) {
        SpanBuilder b = tracer.spanBuilder(unit.name == null ? kindName(unit.kind) : unit.name)
                .setSpanKind(unit.kind == FinishedUnit.Kind.REQUEST ? SpanKind.SERVER : SpanKind.INTERNAL)
                .setStartTimestamp(unit.startEpochNanos, TimeUnit.NANOSECONDS)
                .setAttribute(UNIT_KIND, kindName(unit.kind))
                .setAttribute(UNIT_STATEMENTS, (long) unit.statementCount);
        if (parent != null) {
            b.setParent(Context.root().with(Span.wrap(parent)));
        } else {
            b.setNoParent();
        }
        if (unit.httpStatus > 0) {
            b.setAttribute(HTTP_STATUS, (long) unit.httpStatus);
        }
        if (unit.errorType != null) {
            b.setAttribute(ERROR_TYPE, unit.errorType);
        }
        boolean findings = unit.findings != null && !unit.findings.isEmpty();
        if (findings) {
            b.setAttribute(HAS_FINDINGS, true);
        }
        Span span = b.startSpan();
        if (unit.errorType != null || (unit.kind == FinishedUnit.Kind.REQUEST && unit.httpStatus >= 500)) {
            span.setStatus(StatusCode.ERROR);
        }
        if (findings) {
            for (Finding f : unit.findings) {
                span.addEvent(FINDING_EVENT, findingAttributes(f), unit.endEpochNanos, TimeUnit.NANOSECONDS);
            }
        }
        return span;
    }

    static Attributes findingAttributes(Finding f) {
        AttributesBuilder a = Attributes.builder().put(FINDING_TYPE, f.type)
                .put(FINDING_REPETITIONS, (long) f.repetitions);
        putIfSet(a, StatsMetricProducer.FINGERPRINT, f.fingerprint);
        putIfSet(a, FINDING_SUGGESTION, f.suggestion);
        putIfSet(a, QUERY_TEXT, f.sql);
        CallSite c = f.callSite;
        if (c != null && c != CallSite.UNKNOWN) {
            a.put(CODE_FUNCTION, c.className + "." + c.method);
            putIfSet(a, CODE_FILE, c.file);
            if (c.line > 0) {
                a.put(CODE_LINE, (long) c.line);
            }
        }
        putIfSet(a, ASSOCIATION, f.association);
        return a.build();
    }

    private int groupSpans(StatementGroup g, Context parent) {
        Attributes db = dbAttributes(g);
        String summary = spanName(g);
        long keptNanos = 0;
        long keptRows = 0;
        int keptErrors = 0;
        long lastEnd = g.firstStartEpochNanos;
        for (Execution e : g.executions) {
            long end = e.startEpochNanos + Math.max(0, e.durationNanos);
            SpanBuilder b = tracer.spanBuilder(e.batchSize >= 2 ? "BATCH " + summary : summary)
                    .setParent(parent).setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(e.startEpochNanos, TimeUnit.NANOSECONDS)
                    .setAllAttributes(db);
            if (e.batchSize >= 2) {
                // the conventions name a batch of one operation "BATCH <operation>", and its summary (the span
                // name) "BATCH <summary>": the attributes must agree with the span name
                b.setAttribute(BATCH_SIZE, (long) e.batchSize);
                if (g.fingerprint.summary() != null && !g.fingerprint.summary().isEmpty()) {
                    b.setAttribute(QUERY_SUMMARY, "BATCH " + summary);
                }
                if (g.fingerprint.operation() != null) {
                    b.setAttribute(StatsMetricProducer.DB_OPERATION, "BATCH " + g.fingerprint.operation());
                }
            }
            if (e.rows >= 0) {
                b.setAttribute(RETURNED_ROWS, e.rows);
                keptRows += e.rows;
            }
            if (e.errorType != null) {
                b.setAttribute(ERROR_TYPE, e.errorType);
                keptErrors++;
            }
            Span span = b.startSpan();
            if (e.errorType != null) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end(end, TimeUnit.NANOSECONDS);
            keptNanos += Math.max(0, e.durationNanos);
            lastEnd = end;
        }
        int folded = g.folded();
        if (folded <= 0) {
            return g.executions.size();
        }
        long start = g.executions.isEmpty() ? g.firstStartEpochNanos : lastEnd;
        SpanBuilder b = tracer.spanBuilder(summary).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(start, TimeUnit.NANOSECONDS)
                .setAllAttributes(db)
                .setAttribute(COMPRESSED_COUNT, (long) folded)
                .setAttribute(COMPRESSED_DURATION, Math.max(0, g.totalDurationNanos - keptNanos));
        int foldedErrors = g.errors - keptErrors;
        if (foldedErrors > 0) {
            b.setAttribute(COMPRESSED_ERRORS, (long) foldedErrors);
        }
        if (g.rows - keptRows > 0) {
            b.setAttribute(COMPRESSED_ROWS, g.rows - keptRows);
        }
        Span span = b.startSpan();
        if (foldedErrors > 0) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end(Math.max(start, g.lastEndEpochNanos), TimeUnit.NANOSECONDS);
        return g.executions.size() + 1;
    }

    /** {@code db.query.summary}, else the operation, else {@code db.system.name}, per the conventions. */
    static String spanName(StatementGroup g) {
        Fingerprint fp = g.fingerprint;
        if (fp.summary() != null && !fp.summary().isEmpty()) {
            return fp.summary();
        }
        if (fp.operation() != null) {
            return fp.operation();
        }
        return g.db == null || g.db.system == null ? "other_sql" : g.db.system;
    }

    private static Attributes dbAttributes(StatementGroup g) {
        DbInfo db = g.db == null ? DbInfo.UNKNOWN : g.db;
        Fingerprint fp = g.fingerprint;
        AttributesBuilder a = Attributes.builder()
                .put(StatsMetricProducer.DB_SYSTEM, db.system == null ? "other_sql" : db.system);
        putIfSet(a, StatsMetricProducer.DB_NAMESPACE, db.namespace);
        putIfSet(a, QUERY_TEXT, fp.normalized);
        putIfSet(a, QUERY_SUMMARY, fp.summary());
        putIfSet(a, StatsMetricProducer.DB_OPERATION, fp.operation());
        putIfSet(a, StatsMetricProducer.DB_COLLECTION, fp.analysis().collection());
        putIfSet(a, StatsMetricProducer.SERVER_ADDRESS, db.host);
        if (db.port > 0) {
            a.put(StatsMetricProducer.SERVER_PORT, (long) db.port);
        }
        a.put(StatsMetricProducer.FINGERPRINT, fp.hex);
        return a.build();
    }

    static String kindName(FinishedUnit.Kind kind) {
        return kind == null ? "implicit" : kind.name().toLowerCase(Locale.ROOT);
    }

    private static void putIfSet(AttributesBuilder a, AttributeKey<String> key, String value) {
        if (value != null) {
            a.put(key, value);
        }
    }
}
