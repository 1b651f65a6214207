package io.querylens.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything one run of {@code run.sh} left in its results directory, as {@link Series} per configuration:
 *
 * <ul>
 *   <li>{@code jmh-CFG-rN.json}: JMH {@code -rf json} of {@link JdbcStatementBenchmark} (ns and bytes per
 *       statement, the mean of each fork's iterations);</li>
 *   <li>{@code rows-CFG-rN.json}: JMH {@code -rf json} of {@link ResultRowsBenchmark} (ns per row of a large
 *       result);</li>
 *   <li>{@code cpu.tsv}: {@code CFG ROUND CPU_NS_PER_STATEMENT} ({@link StatementCpu});</li>
 *   <li>{@code inplace.tsv}: {@code CFG ROUND ON_NS OFF_NS ADDED_NS} ({@link InPlaceCpu});</li>
 *   <li>{@code rowsinplace.tsv}: the same per row ({@link InPlaceCpu} {@code rows});</li>
 *   <li>{@code rowspooled.tsv}: {@code CFG ROUND CPU_NS_PER_ROW} ({@link PooledRowsCpu});</li>
 *   <li>{@code startup.tsv}: {@code CFG ROUND FIRST_QUERY_MS};</li>
 *   <li>{@code memory.tsv}: {@code CFG ROUND PHASE USED_BYTES QUERYLENS_CLASS_BYTES OTEL_CLASS_BYTES};</li>
 *   <li>{@code load-CFG-rN-cM.json} (or {@code load-CFG-rN.json}): the demo load driver's summary of cycle M of
 *   round N, read by {@link LoadFigures}; a round's cycles measure the same JVMs, and count as their mean;</li>
 *   <li>{@code loadinplace.tsv}: {@code PAIR ON_CPU_MS OFF_CPU_MS ON_P50 ON_P95 ON_P99 OFF_P50 OFF_P95 OFF_P99}
 *       ({@link LoadInPlace} with its driver; latencies in ms);</li>
 *   <li>{@code meta.properties}: how the run was made (mode, rounds, counts, notes).</li>
 * </ul>
 *
 * A part that did not run simply leaves its maps empty.
 */
public final class RunResults {
    /** The benchmark method whose results are read; others in the same file are ignored. */
    static final String BENCHMARK = JdbcStatementBenchmark.class.getName() + ".transaction";
    static final String ROWS_BENCHMARK = ResultRowsBenchmark.class.getName() + ".rows";

    final Properties meta = new Properties();
    final Map<String, Series> nsPerStatement = new TreeMap<>();
    /** Per fork, its fastest measured iteration: the figure the host's noise inflates least. */
    final Map<String, Series> bestNsPerStatement = new TreeMap<>();
    final Map<String, Series> bytesPerStatement = new TreeMap<>();
    final Map<String, Series> nsPerRow = new TreeMap<>();
    final Map<String, Series> cpuNsPerStatement = new TreeMap<>();
    /** {@link PooledRowsCpu}: thread CPU ns per row through a connection pool. */
    final Map<String, Series> pooledCpuNsPerRow = new TreeMap<>();
    /** {@link InPlaceCpu}, one value per JVM: the agent switched on, off, and the paired difference. */
    final Series inPlaceOn = new Series();
    final Series inPlaceOff = new Series();
    final Series inPlaceAdded = new Series();
    /** The same per row of a large result ({@code InPlaceCpu rows}). */
    final Series rowsInPlaceOn = new Series();
    final Series rowsInPlaceOff = new Series();
    final Series rowsInPlaceAdded = new Series();
    final Map<String, Series> startupMs = new TreeMap<>();
    /** phase ("fingerprints", "literals") -> configuration -> used heap bytes after GC */
    final Map<String, Map<String, Series>> heapUsed = new TreeMap<>();
    /** phase -> configuration -> bytes of live io.querylens.* / io.opentelemetry.* instances */
    final Map<String, Map<String, Series>> querylensClassBytes = new TreeMap<>();
    final Map<String, Map<String, Series>> otelClassBytes = new TreeMap<>();
    final Map<String, Series> loadThroughput = new TreeMap<>();
    final Map<String, Series> loadP50 = new TreeMap<>();
    final Map<String, Series> loadP95 = new TreeMap<>();
    final Map<String, Series> loadP99 = new TreeMap<>();
    /** Per endpoint (by name, in the drivers' order), its p50 by configuration. */
    final Map<String, Map<String, Series>> loadEndpointP50 = new LinkedHashMap<>();
    /**
     * {@link LoadInPlace}, one value per pair of phases: "cpu" (request threads' ms per phase), "p50", "p95",
     * "p99" (ms), each with QueryLens's sinks on and off.
     */
    final Map<String, Series> loadInPlaceOn = new TreeMap<>();
    final Map<String, Series> loadInPlaceOff = new TreeMap<>();

    /** Reads every result file in {@code dir}. */
    public static RunResults read(Path dir) throws IOException {
        RunResults results = new RunResults();
        Path meta = dir.resolve("meta.properties");
        if (Files.exists(meta)) {
            try (Reader in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
                results.meta.load(in);
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith("jmh-") && name.endsWith(".json")) {
                    String[] cfgRound = configAndRound(name, "jmh-");
                    results.addJmh(cfgRound[0], cfgRound[1], Files.readString(file));
                } else if (name.startsWith("rows-") && name.endsWith(".json")) {
                    String[] cfgRound = configAndRound(name, "rows-");
                    results.addJmh(ROWS_BENCHMARK, cfgRound[0], cfgRound[1], Files.readString(file), results.nsPerRow, null);
                } else if (name.startsWith("load-") && name.endsWith(".json")) {
                    // a round's cycles (load-CFG-rN-cM.json) visit the same JVMs: one value, their mean
                    String[] cfgRound = configAndRound(name.replaceFirst("-c\\d+\\.json$", ".json"), "load-");
                    results.addLoad(cfgRound[0], cfgRound[1], Files.readString(file));
                }
            }
        }
        results.readCpu(dir.resolve("cpu.tsv"), results.cpuNsPerStatement);
        results.readCpu(dir.resolve("rowspooled.tsv"), results.pooledCpuNsPerRow);
        results.readInPlace(dir.resolve("inplace.tsv"), results.inPlaceOn, results.inPlaceOff, results.inPlaceAdded);
        results.readInPlace(dir.resolve("rowsinplace.tsv"), results.rowsInPlaceOn, results.rowsInPlaceOff,
                results.rowsInPlaceAdded);
        results.readLoadInPlace(dir.resolve("loadinplace.tsv"));
        results.readStartup(dir.resolve("startup.tsv"));
        results.readMemory(dir.resolve("memory.tsv"));
        return results;
    }

    /** {@code jmh-querylens-export-r3.json} -> {@code [querylens-export, r3]} */
    static String[] configAndRound(String fileName, String prefix) {
        String stem = fileName.substring(prefix.length(), fileName.length() - ".json".length());
        int dash = stem.lastIndexOf("-r");
        return dash < 0 ? new String[] {stem, "r1"} : new String[] {stem.substring(0, dash), stem.substring(dash + 1)};
    }

    /** Adds the forks of one JMH JSON result file, all of configuration {@code cfg} and round {@code round}. */
    void addJmh(String cfg, String round, String json) {
        addJmh(BENCHMARK, cfg, round, json, nsPerStatement, bytesPerStatement, bestNsPerStatement);
    }

    /**
     * Adds the forks of {@code benchmark} in one JMH JSON result file: nanoseconds to {@code ns}, and bytes
     * allocated per operation ({@code -prof gc}) to {@code bytes} unless it is null.
     */
    void addJmh(String benchmark, String cfg, String round, String json, Map<String, Series> ns,
                Map<String, Series> bytes) {
        addJmh(benchmark, cfg, round, json, ns, bytes, null);
    }

    /** As above, and each fork's fastest iteration to {@code best} unless it is null. */
    @SuppressWarnings("unchecked")
    void addJmh(String benchmark, String cfg, String round, String json, Map<String, Series> ns,
                Map<String, Series> bytes, Map<String, Series> best) {
        for (Object entry : (List<Object>) Json.parse(json)) {
            Map<String, Object> result = (Map<String, Object>) entry;
            if (!benchmark.equals(result.get("benchmark"))) {
                continue;
            }
            Map<String, Object> primary = (Map<String, Object>) result.get("primaryMetric");
            double toNs = nanosPer((String) primary.get("scoreUnit"));
            for (double forkMean : perFork(primary, false)) {
                series(ns, cfg).add(round, forkMean * toNs);
            }
            if (best != null) {
                for (double forkBest : perFork(primary, true)) {
                    series(best, cfg).add(round, forkBest * toNs);
                }
            }
            Map<String, Object> secondary = (Map<String, Object>) result.get("secondaryMetrics");
            Object alloc = secondary == null || bytes == null ? null : secondary.get("gc.alloc.rate.norm");
            if (alloc != null) {
                for (double forkMean : perFork((Map<String, Object>) alloc, false)) {
                    series(bytes, cfg).add(round, forkMean);
                }
            }
        }
    }

    /** Per fork of {@code metric}: the mean of its iterations, or with {@code fastest} the least of them. */
    @SuppressWarnings("unchecked")
    private static double[] perFork(Map<String, Object> metric, boolean fastest) {
        List<Object> forks = (List<Object>) metric.get("rawData");
        double[] values = new double[forks.size()];
        for (int f = 0; f < values.length; f++) {
            List<Object> iterations = (List<Object>) forks.get(f);
            double sum = 0;
            double least = Double.MAX_VALUE;
            for (Object v : iterations) {
                double x = ((Number) v).doubleValue();
                sum += x;
                least = Math.min(least, x);
            }
            values[f] = fastest ? least : sum / iterations.size();
        }
        return values;
    }

    private static double nanosPer(String unit) {
        switch (unit == null ? "ns/op" : unit) {
            case "ns/op": return 1;
            case "us/op": return 1e3;
            case "ms/op": return 1e6;
            case "s/op": return 1e9;
            default: throw new IllegalArgumentException("unexpected JMH score unit " + unit);
        }
    }

    void addLoad(String cfg, String round, String json) {
        LoadFigures figures = LoadFigures.from(Json.parse(json));
        addIfKnown(loadThroughput, cfg, round, figures.throughput);
        addIfKnown(loadP50, cfg, round, figures.p50Ms);
        addIfKnown(loadP95, cfg, round, figures.p95Ms);
        addIfKnown(loadP99, cfg, round, figures.p99Ms);
        figures.endpointP50.forEach((endpoint, p50) ->
                addIfKnown(loadEndpointP50.computeIfAbsent(endpoint, e -> new TreeMap<>()), cfg, round, p50));
    }

    private static void addIfKnown(Map<String, Series> map, String cfg, String round, double value) {
        if (!Double.isNaN(value)) {
            series(map, cfg).add(round, value);
        }
    }

    /** {@code CFG ROUND NS} rows of thread CPU time into {@code into}. */
    private static void readCpu(Path file, Map<String, Series> into) throws IOException {
        forEachRow(file, 3, cols -> {
            double ns = Double.parseDouble(cols[2]);
            if (ns >= 0) { // -1: the JVM could not measure thread CPU time
                series(into, cols[0]).add(cols[1], ns);
            }
        });
    }

    private static void readInPlace(Path file, Series on, Series off, Series added) throws IOException {
        forEachRow(file, 5, cols -> {
            on.add(cols[1], Double.parseDouble(cols[2]));
            off.add(cols[1], Double.parseDouble(cols[3]));
            added.add(cols[1], Double.parseDouble(cols[4]));
        });
    }

    private void readLoadInPlace(Path file) throws IOException {
        String[] figures = {"cpu", "p50", "p95", "p99"};
        int[] onColumns = {1, 3, 4, 5};
        int[] offColumns = {2, 6, 7, 8};
        forEachRow(file, 9, cols -> {
            for (int f = 0; f < figures.length; f++) {
                addIfKnown(loadInPlaceOn, figures[f], cols[0], Double.parseDouble(cols[onColumns[f]]));
                addIfKnown(loadInPlaceOff, figures[f], cols[0], Double.parseDouble(cols[offColumns[f]]));
            }
        });
    }

    private void readStartup(Path file) throws IOException {
        forEachRow(file, 3, cols -> series(startupMs, cols[0]).add(cols[1], Double.parseDouble(cols[2])));
    }

    private void readMemory(Path file) throws IOException {
        forEachRow(file, 6, cols -> {
            series(heapUsed.computeIfAbsent(cols[2], p -> new TreeMap<>()), cols[0]).add(cols[1], Double.parseDouble(cols[3]));
            series(querylensClassBytes.computeIfAbsent(cols[2], p -> new TreeMap<>()), cols[0]).add(cols[1], Double.parseDouble(cols[4]));
            series(otelClassBytes.computeIfAbsent(cols[2], p -> new TreeMap<>()), cols[0]).add(cols[1], Double.parseDouble(cols[5]));
        });
    }

    private static void forEachRow(Path file, int columns, java.util.function.Consumer<String[]> row) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= columns && !line.startsWith("#")) {
                row.accept(cols);
            }
        }
    }

    static Series series(Map<String, Series> map, String cfg) {
        return map.computeIfAbsent(cfg, c -> new Series());
    }
}
