package io.querylens.export;

import io.querylens.bootstrap.Log;
import io.querylens.detect.CallSite;
import io.querylens.detect.FindingSummary;
import io.querylens.sql.DbInfo;
import io.querylens.stats.StatementStats;
import io.querylens.stats.StatsRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The JSON report ({@code querylens.report=PATH}): every statement shape with its exact count and latency
 * percentiles, every finding aggregated with its call site and fix, and the agent's own counters. Written
 * atomically (a temporary file in the same directory, then a move) so a reader never sees half a file, every
 * {@code querylens.report.interval} on the daemon thread {@code querylens-report}, and once more at shutdown.
 *
 * <pre>
 * {"generatedAt": "2025-01-01T10:00:00Z",
 *  "statements": [{"fingerprint", "summary", "sql", "db_system", "db_namespace", "count", "errors", "rows",
 *                  "total_us", "mean_us",
 *                  "latency": {"p50_us", "p95_us", "p99_us", "max_us"}}],      (by count, most first)
 *  "findings": [{"type", "fingerprint", "sql", "occurrences", "repetitions", "unitOfWork",
 *                "callSite": {"class", "method", "file", "line"}, "association", "suggestion"}],
 *  "agent": {counter: number, ...}}
 * </pre>
 * {@code sql} is always the normalized statement, never the raw text. {@code db_system} and {@code db_namespace}
 * are the {@code db.system.name} and {@code db.namespace} of the database it ran on ({@code other_sql} and
 * {@code null} when unknown). Latency percentiles are {@code null}
 * for a fingerprint without a histogram of its own (beyond the stats registry's histogram bound); its
 * {@code count}, {@code total_us} and {@code mean_us} are still exact. {@code association} is left out when
 * unknown; {@code fingerprint} and {@code sql} are {@code null} for unit-wide findings.
 */
public final class JsonReport {
    private final Path path;
    private final StatsRegistry stats;
    private final Supplier<List<FindingSummary>> findings;
    private final Supplier<? extends Map<String, ?>> agent;
    private final int maxStatements;
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile long statementsOmitted;
    private ScheduledExecutorService scheduler;

    /**
     * @param findings      the aggregated findings, e.g. {@code findingRegistry::snapshot}
     * @param agent         the agent's counters for the {@code agent} section (numbers, strings or booleans)
     * @param maxStatements at most this many statements are listed, the most executed first
     */
    public JsonReport(Path path, StatsRegistry stats, Supplier<List<FindingSummary>> findings,
                      Supplier<? extends Map<String, ?>> agent, int maxStatements) {
        this.path = path.toAbsolutePath();
        this.stats = stats;
        this.findings = findings;
        this.agent = agent;
        this.maxStatements = maxStatements;
    }

    public Path path() {
        return path;
    }

    /** Writes every {@code intervalMillis} on a daemon thread until {@link #shutdown()}. */
    public synchronized void start(long intervalMillis) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "querylens-report");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::write, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic writes and writes the final report. */
    public void shutdown() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
            scheduler = null;
        }
        if (s != null) {
            s.shutdownNow();
        }
        write();
    }

    /** Writes the report now; false (after one warning per run) when the file cannot be written. Never throws. */
    public synchronized boolean write() {
        Path tmp = null;
        try {
            byte[] json = render().getBytes(StandardCharsets.UTF_8);
            Path dir = path.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            tmp = Files.createTempFile(dir, path.getFileName() + ".", ".tmp");
            Files.write(tmp, json);
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            writes.incrementAndGet();
            return true;
        } catch (IOException | RuntimeException e) {
            if (writeFailures.getAndIncrement() == 0) {
                Log.warn("cannot write the report to " + path + ": " + e);
            }
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do; the failure is already reported
                }
            }
            return false;
        }
    }

    public long writeFailures() {
        return writeFailures.get();
    }

    /** The report's JSON text. */
    String render() {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("generatedAt").value(Instant.now().toString());
        w.name("statements").beginArray();
        List<StatementStats> all = new ArrayList<>(stats.all());
        all.sort(Comparator.comparingLong(StatementStats::count).reversed()
                .thenComparing(s -> s.fingerprint.hex));
        int listed = Math.min(all.size(), maxStatements);
        statementsOmitted = all.size() - listed;
        for (int i = 0; i < listed; i++) {
            statement(w, all.get(i));
        }
        w.endArray();
        w.name("findings").beginArray();
        List<FindingSummary> f = findings == null ? Collections.emptyList() : findings.get();
        for (FindingSummary s : f) {
            finding(w, s);
        }
        w.endArray();
        w.name("agent").beginObject();
        Map<String, Object> counters = new LinkedHashMap<>();
        if (agent != null) {
            counters.putAll(agent.get());
        }
        counters.put("statementsListed", (long) listed);
        counters.put("statementsOmitted", statementsOmitted);
        counters.put("reportWrites", writes.get());
        counters.put("reportWriteFailures", writeFailures.get());
        for (Map.Entry<String, Object> e : counters.entrySet()) {
            w.name(e.getKey()).value(e.getValue());
        }
        w.endObject();
        return w.endObject().toString();
    }

    private static void statement(JsonWriter w, StatementStats s) {
        long count = s.count();
        long totalMicros = s.totalNanos() / 1000;
        DbInfo db = s.db == null ? DbInfo.UNKNOWN : s.db;
        w.beginObject()
                .name("fingerprint").value(s.fingerprint.hex)
                .name("summary").value(s.fingerprint.summary())
                .name("sql").value(s.fingerprint.normalized)
                .name("db_system").value(db.system)
                .name("db_namespace").value(db.namespace)
                .name("count").value(count)
                .name("errors").value(s.errors())
                .name("rows").value(s.rows())
                .name("total_us").value(totalMicros)
                .name("mean_us").value(count == 0 ? 0 : totalMicros / count);
        w.name("latency").beginObject();
        if (s.hasHistogram()) {
            w.name("p50_us").value(s.percentileMicros(50)).name("p95_us").value(s.percentileMicros(95))
                    .name("p99_us").value(s.percentileMicros(99)).name("max_us").value(s.maxMicros());
        } else {
            w.name("p50_us").nullValue().name("p95_us").nullValue().name("p99_us").nullValue()
                    .name("max_us").nullValue();
        }
        w.endObject().endObject();
    }

    private static void finding(JsonWriter w, FindingSummary f) {
        w.beginObject()
                .name("type").value(f.type)
                .name("fingerprint").value(f.fingerprint)
                .name("sql").value(f.sql)
                .name("occurrences").value(f.occurrences)
                .name("repetitions").value((long) f.repetitions)
                .name("unitOfWork").value(f.unitOfWork);
        CallSite c = f.callSite == null ? CallSite.UNKNOWN : f.callSite;
        w.name("callSite").beginObject()
                .name("class").value(c.className)
                .name("method").value(c.method)
                .name("file").value(c.file)
                .name("line").value((long) c.line)
                .endObject();
        if (f.association != null) {
            w.name("association").value(f.association);
        }
        w.name("suggestion").value(f.suggestion);
        w.endObject();
    }
}
