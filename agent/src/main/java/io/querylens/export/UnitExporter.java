package io.querylens.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.SpanContext;
import io.querylens.bootstrap.Config;
import io.querylens.bootstrap.Log;
import io.querylens.detect.Finding;
import io.querylens.work.FinishedUnit;
import io.querylens.work.UnitListener;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands finished units of work to the SDK off the application thread.
 *
 * <p>{@link #unitFinished} runs on the application's thread (or the idle reaper's): it only offers the unit
 * to a bounded lock-free queue ({@code querylens.export.queue.size}, default 2048) and returns; when the
 * queue is full the unit is dropped and counted ({@link ExportCounters#unitsDropped()}). It never blocks, never
 * calls the SDK and never throws, whatever the state of the receiver.
 *
 * <p>The daemon thread {@code querylens-export} drains the queue: for every unit it records the
 * {@code querylens.unit_of_work.statements} histogram and the {@code querylens.findings} counter (when a
 * metrics exporter is configured), then, when traces go somewhere and {@link UnitSampler} keeps the unit,
 * builds its spans ({@link UnitSpans}).
 */
public final class UnitExporter implements UnitListener {
    static final AttributeKey<String> FINDING_TYPE = AttributeKey.stringKey("querylens.finding.type");
    /** Distinct finding types with their own attribute set; extensions may add types, so bounded. */
    static final int MAX_FINDING_TYPES = 64;
    /** Upper bound of the export thread's sleep when it may have missed a wake-up. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Telemetry telemetry;
    private final ExportCounters counters;
    private final int capacity;
    private final ConcurrentLinkedQueue<FinishedUnit> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final UnitSampler sampler;
    private final UnitSpans spans;
    private final LongCounter findings;
    private final LongHistogram statements;
    private final Attributes[] kindAttributes;
    private final Map<String, Attributes> findingTypeAttributes = new HashMap<>();
    private final Thread thread;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean loggedError;

    /** Reads {@code querylens.export.queue.size} and {@code querylens.traces.sample.ratio}; call {@link #start()}. */
    public UnitExporter(Config config, Telemetry telemetry) {
        this(telemetry, config.getInt("querylens.export.queue.size", 2048, 1, 1_000_000),
                config.getDouble("querylens.traces.sample.ratio", 1.0, 0.0, 1.0));
    }

    UnitExporter(Telemetry telemetry, int capacity, double sampleRatio) {
        this.telemetry = telemetry;
        this.counters = telemetry.counters();
        this.capacity = capacity;
        this.sampler = new UnitSampler(sampleRatio);
        this.spans = telemetry.tracesEnabled() ? new UnitSpans(telemetry.tracer()) : null;
        if (telemetry.metricsEnabled()) {
            Meter meter = telemetry.meter();
            findings = meter.counterBuilder("querylens.findings")
                    .setDescription("Problems found in units of work, by type").setUnit("{finding}").build();
            statements = meter.histogramBuilder("querylens.unit_of_work.statements")
                    .setDescription("Statements executed per unit of work").setUnit("{statement}").ofLongs()
                    .setExplicitBucketBoundariesAdvice(Arrays.asList(1L, 2L, 5L, 10L, 20L, 50L, 100L, 200L, 500L, 1000L))
                    .build();
        } else {
            findings = null;
            statements = null;
        }
        FinishedUnit.Kind[] kinds = FinishedUnit.Kind.values();
        kindAttributes = new Attributes[kinds.length];
        for (FinishedUnit.Kind k : kinds) {
            kindAttributes[k.ordinal()] = Attributes.of(UnitSpans.UNIT_KIND, UnitSpans.kindName(k));
        }
        thread = new Thread(this::run, "querylens-export");
        thread.setDaemon(true);
    }

    /** True when there is anything to export to; when false, {@link #unitFinished} is a no-op. */
    public boolean active() {
        return spans != null || statements != null;
    }

    /** Only when there is anything to export to (see {@link #active()}). */
    @Override
    public boolean wantsUnits() {
        return active();
    }

    /** Starts the export thread (once). */
    public synchronized void start() {
        if (!started && active()) {
            started = true;
            thread.start();
        }
    }

    /** On the application thread: offer and return. */
    @Override
    public void unitFinished(FinishedUnit unit) {
        if (!active() || unit == null) {
            return;
        }
        counters.unitsOffered.incrementAndGet();
        if (stopping) {
            counters.unitsDropped.incrementAndGet();
            return;
        }
        int n = size.incrementAndGet();
        if (n > capacity) {
            size.decrementAndGet();
            counters.unitsDropped.incrementAndGet();
            return;
        }
        queue.offer(unit);
        if (n == 1 && started) {
            // the thread may be parked on an empty queue; later offers find it busy or already woken
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
    }

    /** Units waiting in the queue. */
    public int queued() {
        return size.get();
    }

    private void run() {
        while (true) {
            FinishedUnit u = queue.poll();
            if (u == null) {
                if (stopping) {
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                continue;
            }
            size.decrementAndGet();
            process(u);
        }
    }

    /** Metrics and spans of one unit; never throws. */
    void process(FinishedUnit u) {
        try {
            if (statements != null) {
                statements.record(Math.max(0, u.statementCount), kindAttributes[kindOf(u).ordinal()]);
                if (u.findings != null) {
                    for (Finding f : u.findings) {
                        findings.add(1, findingTypeAttributes(f.type));
                    }
                }
            }
            if (spans != null) {
                SpanContext parent = Traceparent.parse(u.parentTraceparent);
                if (sampler.sample(u, parent)) {
                    int n = spans.export(u, parent);
                    counters.unitsTraced.incrementAndGet();
                    counters.spansEnded.addAndGet(n);
                } else {
                    counters.unitsSampledOut.incrementAndGet();
                }
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            counters.unitErrors.incrementAndGet();
            if (!loggedError) {
                loggedError = true;
                Log.error("could not export unit of work '" + u.name + "' (further errors only counted)", e);
            }
        }
    }

    private static FinishedUnit.Kind kindOf(FinishedUnit u) {
        return u.kind == null ? FinishedUnit.Kind.IMPLICIT : u.kind;
    }

    private Attributes findingTypeAttributes(String type) {
        String t = type == null ? "unknown" : type;
        Attributes a = findingTypeAttributes.get(t);
        if (a == null) {
            if (findingTypeAttributes.size() >= MAX_FINDING_TYPES) {
                t = "other";
                a = findingTypeAttributes.get(t);
                if (a != null) {
                    return a;
                }
            }
            a = Attributes.of(FINDING_TYPE, t);
            findingTypeAttributes.put(t, a);
        }
        return a;
    }

    /**
     * Stops taking units, lets the thread export what is queued, waiting at most {@code timeoutMillis}, then
     * returns (units still queued are dropped with the JVM). Call before {@link Telemetry#shutdown()}.
     */
    public void shutdown(long timeoutMillis) {
        stopping = true;
        if (!started) {
            return;
        }
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            Log.warn(size.get() + " units of work not exported within " + timeoutMillis + " ms at shutdown");
        }
    }
}
