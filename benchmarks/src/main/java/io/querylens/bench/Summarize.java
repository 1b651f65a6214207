package io.querylens.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a results directory ({@link RunResults}) into the Markdown comparison: the budget lines with
 * pass/fail first, then one table per part. {@code java -cp benchmarks.jar io.querylens.bench.Summarize DIR
 * [OUT.md]} prints it and, given OUT.md, writes it there too.
 *
 * <p>Every figure is the median over the run's rounds with the [min–max] across rounds; "added" is the
 * median of the per-round differences against the run without an agent (see {@link Series#minus}).
 */
public final class Summarize {
    static final String NONE = "none";
    static final String QUERYLENS = "querylens";
    static final String OTEL = "otel";
    /** A do-nothing agent: what attaching any agent changes in the JVM itself (see {@code NoopAgent}). */
    static final String NOOP = "noop-agent";
    static final List<String> ORDER = Arrays.asList(NONE, NOOP, QUERYLENS, OTEL, "querylens-export", "otel-export");

    static final double TIME_SHARE_BUDGET = 0.15;
    static final double OTEL_SHARE_BUDGET = 0.20;
    static final double ALLOC_BUDGET_BYTES = 64;
    static final double STARTUP_BUDGET_MS = 300;
    static final double P95_BUDGET = 0.02;
    static final double HEAP_BUDGET_MB = 32;

    private final RunResults r;
    private final StringBuilder out = new StringBuilder();

    Summarize(RunResults results) {
        this.r = results;
    }

    public static void main(String[] args) throws IOException {
        String markdown = new Summarize(RunResults.read(Paths.get(args[0]))).markdown();
        System.out.print(markdown);
        if (args.length > 1) {
            Files.write(Paths.get(args[1]), markdown.getBytes(StandardCharsets.UTF_8));
        }
    }

    String markdown() {
        boolean smoke = "quick".equals(r.meta.getProperty("mode"));
        line("## QueryLens overhead" + (smoke ? " (smoke, not a measurement)" : ""));
        line("");
        line("Machine: " + r.meta.getProperty("machine", Machine.describe()) + ".  ");
        line("Command: `" + r.meta.getProperty("command", "bash benchmarks/run.sh") + "`"
                + (r.meta.containsKey("date") ? ", " + r.meta.getProperty("date") : "") + ".  ");
        line("Medians over alternating rounds (one JVM per configuration per round), [min–max] across rounds; "
                + "\"added\" is the median of the per-round differences against no agent.");
        line("");
        budget();
        statements();
        rows();
        cpu();
        inPlace();
        rowsInPlace();
        pooledRows();
        startup();
        load();
        loadInPlace();
        memory();
        String notes = r.meta.getProperty("notes", "").trim();
        if (!notes.isEmpty()) {
            line("Notes: " + notes);
            line("");
        }
        return out.toString();
    }

    private void budget() {
        line("### Budget");
        line("");
        line("| figure | budget | measured | result |");
        line("|---|---|---|---|");
        Series own = r.nsPerStatement.get(NONE);
        Series qlAdded = added(r.nsPerStatement, QUERYLENS);
        Series otelAdded = added(r.nsPerStatement, OTEL);
        if (own != null && qlAdded != null) {
            double share = qlAdded.median() / own.median();
            row("time added per statement", "≤ 15% of the statement's own " + num(own.median(), 0) + " ns",
                    signed(qlAdded.median(), 0) + " ns (" + pct(share) + ")" + rounds(qlAdded, 0, ""),
                    verdict(share <= TIME_SHARE_BUDGET));
        } else {
            row("time added per statement", "≤ 15% of the statement's own time", "not measured", "–");
        }
        if (qlAdded != null && otelAdded != null && otelAdded.median() <= 0) {
            row("time added vs the OpenTelemetry agent", "≤ 1/5 of its " + signed(otelAdded.median(), 0) + " ns",
                    "no comparison: that agent added nothing measurable", "–");
        } else if (qlAdded != null && otelAdded != null) {
            double ratio = qlAdded.median() / otelAdded.median();
            row("time added vs the OpenTelemetry agent", "≤ 1/5 of its " + signed(otelAdded.median(), 0) + " ns",
                    num(ratio, 2) + " of it", verdict(ratio <= OTEL_SHARE_BUDGET));
        } else {
            row("time added vs the OpenTelemetry agent", "≤ 1/5 of what it adds", "not measured", "–");
        }
        Series bestOwn = r.bestNsPerStatement.get(NONE);
        Series bestAdded = added(r.bestNsPerStatement, QUERYLENS);
        Series bestOtel = added(r.bestNsPerStatement, OTEL);
        if (bestOwn != null && bestAdded != null) {
            // not a budget line: the same comparison from each fork's fastest iteration, which the host's
            // noise inflates least, for telling a cost from a noisy run
            row("cross-check: each fork's fastest measured iteration", "–",
                    signed(bestAdded.median(), 0) + " ns (" + pct(bestAdded.median() / bestOwn.median()) + ")"
                            + (bestOtel != null && bestOtel.median() > 0
                            ? ", " + num(bestAdded.median() / bestOtel.median(), 2) + " of the OpenTelemetry agent's"
                            : ""), "–");
        }
        Series alloc = added(r.bytesPerStatement, QUERYLENS);
        row("allocation per statement (no exported span)", "≤ 64 B",
                alloc == null ? "not measured" : signed(alloc.median(), 0) + " B",
                alloc == null ? "–" : verdict(alloc.median() <= ALLOC_BUDGET_BYTES));
        Series ownTime = overNoop(r.nsPerStatement);
        Series ownAlloc = overNoop(r.bytesPerStatement);
        if (own != null && ownTime != null && ownAlloc != null) {
            // not a budget line: it tells the JVM's own cost of an agent apart from QueryLens's code
            row("of which QueryLens's own code (over a do-nothing agent)", "–",
                    signed(ownTime.median(), 0) + " ns (" + pct(ownTime.median() / own.median()) + "), "
                            + signed(ownAlloc.median(), 0) + " B", "–");
        }
        Series startup = added(r.startupMs, QUERYLENS);
        row("start-up time added", "≤ 300 ms", startup == null ? "not measured" : signed(startup.median(), 0) + " ms",
                startup == null ? "–" : verdict(startup.median() <= STARTUP_BUDGET_MS));
        Series p95 = r.loadP95.get(QUERYLENS);
        Series p95None = r.loadP95.get(NONE);
        if (p95 != null && p95None != null) {
            double change = p95.minus(p95None).median() / p95None.median();
            row("p95 latency of the demo under load", "within 2% of no agent",
                    signed(change * 100, 1) + "%" + rounds(relativeChange(p95, p95None), 1, "%"),
                    verdict(change <= P95_BUDGET));
        } else {
            row("p95 latency of the demo under load", "within 2% of no agent",
                    "not measured" + (r.meta.containsKey("load.skipped") ? " (" + r.meta.getProperty("load.skipped") + ")" : ""), "–");
        }
        Series inPlaceP95 = r.loadInPlaceOn.get("p95");
        if (inPlaceP95 != null && r.loadInPlaceOff.containsKey("p95")) {
            // not a budget line: the same demo, QueryLens's work switched on and off within one JVM
            Series change = relativeChange(inPlaceP95, r.loadInPlaceOff.get("p95"));
            row("of which QueryLens's work (on and off in one JVM)", "–",
                    signed(change.median(), 1) + "%" + across(change, 1, "%", "pairs"), "–");
        }
        double heapMb = Double.NaN;
        String worst = "";
        for (Map.Entry<String, Map<String, Series>> phase : r.heapUsed.entrySet()) {
            for (String cfg : phase.getValue().keySet()) {
                Series held = added(phase.getValue(), cfg);
                if (cfg.startsWith(QUERYLENS) && held != null && !(held.median() / 1e6 <= heapMb)) {
                    heapMb = held.median() / 1e6;
                    worst = phase.getKey() + ", " + label(cfg);
                }
            }
        }
        row("agent heap, whatever the workload", "≤ 32 MB",
                Double.isNaN(heapMb) ? "not measured" : num(heapMb, 1) + " MB (" + worst + ")",
                Double.isNaN(heapMb) ? "–" : verdict(heapMb <= HEAP_BUDGET_MB));
        line("");
    }

    private void statements() {
        if (r.nsPerStatement.isEmpty()) {
            return;
        }
        line("### Per statement");
        line("");
        line("H2 in-memory primary-key lookup, prepared per call, read fully, 3 per transaction, one connection "
                + "(JMH average time, `-prof gc`" + meta("jmh", ", ") + ").");
        line("");
        line("| configuration | ns/statement | ns added | bytes/statement | bytes added |");
        line("|---|---|---|---|---|");
        for (String cfg : configs(r.nsPerStatement)) {
            row(label(cfg), spread(r.nsPerStatement.get(cfg), 0), addedCell(r.nsPerStatement, cfg, 0),
                    spread(r.bytesPerStatement.get(cfg), 0), addedCell(r.bytesPerStatement, cfg, 0));
        }
        line("");
    }

    private void rows() {
        if (r.nsPerRow.isEmpty()) {
            return;
        }
        line("### Per row of a large result");
        line("");
        line("H2 in-memory, " + num(ResultRowsBenchmark.ROWS, 0) + " rows read with `next()` and three getters each, "
                + "as an export streams them (JMH average time per row" + meta("rows", ", ") + "). Not a budget "
                + "line: where a request reads thousands of rows, this is most of what an agent adds to it.");
        line("");
        sharesTable("ns/row", r.nsPerRow, 1);
    }

    /** Per configuration: the figure, what it adds to no agent's, and that as a share of no agent's. */
    private void sharesTable(String unit, Map<String, Series> map, int decimals) {
        line("| configuration | " + unit + " | ns added | share of no agent's |");
        line("|---|---|---|---|");
        Series own = map.get(NONE);
        for (String cfg : configs(map)) {
            Series diff = NONE.equals(cfg) ? null : added(map, cfg);
            row(label(cfg), spread(map.get(cfg), decimals), addedCell(map, cfg, decimals),
                    diff == null || own == null ? "–" : pct(diff.median() / own.median()));
        }
        line("");
    }

    private void cpu() {
        if (r.cpuNsPerStatement.isEmpty()) {
            return;
        }
        line("### Per statement, thread CPU time");
        line("");
        line("The same workload timed by the thread's CPU time, which time stolen by the host does not inflate "
                + "(`StatementCpu`" + meta("cpu", ", ") + "); not a budget line, a cross-check of the one above.");
        line("");
        sharesTable("CPU ns/statement", r.cpuNsPerStatement, 0);
    }

    private void pooledRows() {
        if (r.pooledCpuNsPerRow.isEmpty()) {
            return;
        }
        line("### Per row through a connection pool, thread CPU time");
        line("");
        line("The rows part's query (" + num(ResultRowsBenchmark.ROWS, 0) + " rows, `next()` and three getters "
                + "each) read through a HikariCP pool, as applications read large results: every row runs "
                + "`next()` and each getter on the pool's proxy result set and again on the driver's, both woven "
                + "(`PooledRowsCpu`" + meta("rowspooled", ", ") + "). Timed by the thread's CPU time, best round per JVM; "
                + "not a budget line.");
        line("");
        sharesTable("CPU ns/row", r.pooledCpuNsPerRow, 2);
    }

    private void inPlace() {
        if (r.inPlaceAdded.isEmpty()) {
            return;
        }
        line("### QueryLens on and off in one JVM");
        line("");
        line("QueryLens's own work per statement: the `StatementCpu` workload by thread CPU time, the agent switched "
                + "on and off in alternating phases of one JVM (`InPlaceCpu`" + meta("inplace", ", ") + "). Off, "
                + "the woven hooks return at once. A pair shares its JVM's compiled code and heap layout and the "
                + "host's load of the moment, so this figure moves far less than a difference between JVMs; "
                + "it leaves out the JVM's own cost of an agent and of the woven calls. Medians per JVM, then "
                + "the median and [min – max] over JVMs.");
        line("");
        inPlaceTable("CPU ns/statement", r.inPlaceOn, r.inPlaceOff, r.inPlaceAdded, 0);
    }

    private void rowsInPlace() {
        if (r.rowsInPlaceAdded.isEmpty()) {
            return;
        }
        line("### QueryLens on and off in one JVM, per row");
        line("");
        line("The same, per row of the rows part's query (" + num(ResultRowsBenchmark.ROWS, 0) + " rows, `next()` "
                + "and three getters each; `InPlaceCpu rows`" + meta("rowsinplace", ", ") + "): what following a "
                + "result costs per row, the sampling of its first " + 16 + " rows' columns and the query's "
                + "own hooks spread over all of them. "
                + "Off, a result set the agent did not link still runs its woven code, which stops at its state "
                + "field; that code's own cost is in the rows part, not here.");
        line("");
        inPlaceTable("CPU ns/row", r.rowsInPlaceOn, r.rowsInPlaceOff, r.rowsInPlaceAdded, 2);
    }

    private void inPlaceTable(String unit, Series on, Series off, Series added, int decimals) {
        line("| agent on, " + unit + " | agent off | added by QueryLens's work | share of the off phase |");
        line("|---|---|---|---|");
        row(spread(on, decimals), spread(off, decimals), spread(added, decimals), pct(added.median() / off.median()));
        line("");
    }

    private void startup() {
        if (r.startupMs.isEmpty()) {
            return;
        }
        line("### Start-up");
        line("");
        line("JVM start to the first query's result of a small H2 application (`StartupApp`).");
        line("");
        line("| configuration | ms to first query | ms added |");
        line("|---|---|---|");
        for (String cfg : configs(r.startupMs)) {
            row(label(cfg), spread(r.startupMs.get(cfg), 0), addedCell(r.startupMs, cfg, 0));
        }
        line("");
    }

    private void load() {
        if (r.loadP95.isEmpty() && r.loadThroughput.isEmpty()) {
            return;
        }
        line("### Under load");
        line("");
        line("The demo driven by its load generator" + meta("load", ", ") + ".");
        line("");
        line("| configuration | requests/s | p50 ms | p95 ms | p99 ms | p95 vs no agent |");
        line("|---|---|---|---|---|---|");
        Set<String> cfgs = new LinkedHashSet<>(configs(r.loadP95));
        cfgs.addAll(configs(r.loadThroughput));
        for (String cfg : cfgs) {
            Series p95 = r.loadP95.get(cfg);
            Series base = r.loadP95.get(NONE);
            String change = NONE.equals(cfg) || p95 == null || base == null ? "–"
                    : signed(p95.minus(base).median() / base.median() * 100, 1) + "%";
            row(label(cfg), spread(r.loadThroughput.get(cfg), 0), spread(r.loadP50.get(cfg), 2),
                    spread(p95, 2), spread(r.loadP99.get(cfg), 2), change);
        }
        line("");
        loadByEndpoint();
    }

    /**
     * QueryLens's p50 against no agent's, per endpoint and round: a change that every endpoint shares in a
     * round is that round's JVMs or host, where a cost of the agent's grows with what a request does.
     */
    private void loadByEndpoint() {
        Map<String, Series> changes = new LinkedHashMap<>();
        Set<String> rounds = new TreeSet<>(Series.ROUND_ORDER);
        r.loadEndpointP50.forEach((endpoint, byConfig) -> {
            Series ql = byConfig.get(QUERYLENS);
            Series none = byConfig.get(NONE);
            Series change = ql == null || none == null ? new Series() : relativeChange(ql, none);
            if (!change.isEmpty()) {
                changes.put(endpoint, change);
                rounds.addAll(change.byRound().keySet());
            }
        });
        if (changes.size() < 2) {
            return;
        }
        line("QueryLens's p50 by endpoint, each round's change against no agent's in the same round: a change "
                + "every endpoint shares in a round comes from that round's JVMs or host, where a cost of the "
                + "agent's would grow with what a request does.");
        line("");
        List<String> header = new ArrayList<>(List.of("endpoint"));
        header.addAll(rounds);
        header.add("median");
        row(header.toArray(new String[0]));
        line("|" + "---|".repeat(header.size()));
        changes.forEach((endpoint, change) -> {
            Map<String, Double> byRound = change.byRound();
            List<String> cells = new ArrayList<>(List.of("`" + endpoint + "`"));
            for (String round : rounds) {
                Double v = byRound.get(round);
                cells.add(v == null ? "–" : signed(v, 0) + "%");
            }
            cells.add(signed(change.median(), 1) + "%");
            row(cells.toArray(new String[0]));
        });
        line("");
    }

    private void loadInPlace() {
        Series cpuOn = r.loadInPlaceOn.get("cpu");
        Series cpuOff = r.loadInPlaceOff.get("cpu");
        if (cpuOn == null || cpuOff == null) {
            return;
        }
        line("### Under load, QueryLens on and off in one JVM");
        line("");
        line("The demo and its load driver in one JVM with QueryLens attached (`LoadInPlace`"
                + meta("loadinplace", ", ") + "): QueryLens's JDBC and servlet sinks switched on and off in "
                + "alternating phases (off, the woven hooks return at once). A pair shares its JVM's compiled code, "
                + "heap and the host's load of the moment; it leaves out the JVM's own cost of an agent and of the "
                + "woven calls. Medians over the pairs, and of the pairs' differences [min – max].");
        line("");
        line("| figure | QueryLens's work on | off | added |");
        line("|---|---|---|---|");
        Series cpuAdded = cpuOn.minus(cpuOff);
        double requests = Double.parseDouble(r.meta.getProperty("loadinplace.requests_per_phase", "NaN"));
        String perRequest = Double.isNaN(requests) ? ""
                : ", " + signed(cpuAdded.median() * 1000 / requests, 1) + " µs a request";
        row("request threads' CPU ms per phase", spread(cpuOn, 0), spread(cpuOff, 0),
                signed(cpuAdded.median(), 0) + " ms" + across(cpuAdded, 0, " ms", "pairs") + perRequest + " ("
                        + pct(cpuAdded.median() / cpuOff.median()) + ")");
        for (String p : new String[] {"p50", "p95", "p99"}) {
            Series on = r.loadInPlaceOn.get(p);
            Series off = r.loadInPlaceOff.get(p);
            if (on != null && off != null) {
                Series change = relativeChange(on, off);
                row(p + " ms", spread(on, 2), spread(off, 2), signed(change.median(), 1) + "%" + across(change, 1, "%", "pairs"));
            }
        }
        line("");
    }

    private void memory() {
        if (r.heapUsed.isEmpty()) {
            return;
        }
        line("### Memory");
        line("");
        line("Heap in use after full collections, minus the same without an agent" + meta("memory", ", ")
                + "; the class columns count only live instances of the agents' own classes.");
        line("");
        line("| configuration | workload | agent heap MB | io.querylens.* MB | io.opentelemetry.* MB |");
        line("|---|---|---|---|---|");
        for (Map.Entry<String, Map<String, Series>> phase : r.heapUsed.entrySet()) {
            for (String cfg : configs(phase.getValue())) {
                if (NONE.equals(cfg)) {
                    continue;
                }
                Series held = added(phase.getValue(), cfg);
                row(label(cfg), workload(phase.getKey()), held == null ? "–" : spreadScaled(held, 1e-6, 1),
                        spreadScaled(r.querylensClassBytes.get(phase.getKey()).get(cfg), 1e-6, 2),
                        spreadScaled(r.otelClassBytes.get(phase.getKey()).get(cfg), 1e-6, 2));
            }
        }
        line("");
    }

    private String workload(String phase) {
        String statements = r.meta.getProperty("memory.statements", "1000000");
        if ("fingerprints".equals(phase)) {
            return statements + " statements over " + r.meta.getProperty("memory.fingerprints", "100000") + " fingerprints";
        }
        if ("literals".equals(phase)) {
            return "then " + statements + " statements with unique literals";
        }
        return phase;
    }

    private String meta(String prefix, String separator) {
        String v = r.meta.getProperty(prefix + ".settings", "");
        return v.isEmpty() ? "" : separator + v;
    }

    /** The per-round difference of {@code cfg} against no agent; null if either is missing. */
    static Series added(Map<String, Series> map, String cfg) {
        return difference(map, cfg, NONE);
    }

    /** {@code cfg} minus {@code base}, round by round; null unless both ran in a common round. */
    private static Series difference(Map<String, Series> map, String cfg, String base) {
        Series s = map.get(cfg);
        Series b = map.get(base);
        if (s == null || b == null) {
            return null;
        }
        Series diff = s.minus(b);
        return diff.isEmpty() ? null : diff;
    }

    /** QueryLens minus the do-nothing agent, round by round; null unless both ran. */
    static Series overNoop(Map<String, Series> map) {
        return difference(map, QUERYLENS, NOOP);
    }

    private static String addedCell(Map<String, Series> map, String cfg, int decimals) {
        if (NONE.equals(cfg)) {
            return "–";
        }
        Series diff = added(map, cfg);
        return diff == null ? "–" : signed(diff.median(), decimals) + " [" + signed(diff.min(), decimals) + " – "
                + signed(diff.max(), decimals) + "]";
    }

    static List<String> configs(Map<String, Series> map) {
        List<String> cfgs = new ArrayList<>();
        for (String cfg : ORDER) {
            if (map.containsKey(cfg)) {
                cfgs.add(cfg);
            }
        }
        for (String cfg : map.keySet()) {
            if (!cfgs.contains(cfg)) {
                cfgs.add(cfg);
            }
        }
        return cfgs;
    }

    static String label(String cfg) {
        switch (cfg) {
            case NONE: return "no agent";
            case NOOP: return "a do-nothing agent";
            case QUERYLENS: return "QueryLens";
            case OTEL: return "OpenTelemetry agent";
            case "querylens-export": return "QueryLens, OTLP export";
            case "otel-export": return "OpenTelemetry agent, OTLP export";
            default: return cfg;
        }
    }

    /**
     * The range of a budget figure's per-round values, {@code " [min – max]"}, when there was more than one
     * round: a verdict on the median means little when the rounds fall on both sides of the budget.
     */
    private static String rounds(Series s, int decimals, String unit) {
        return across(s, decimals, unit, "rounds");
    }

    private static String across(Series s, int decimals, String unit, String what) {
        return s.size() < 2 ? "" : " [" + signed(s.min(), decimals) + unit + " – " + signed(s.max(), decimals) + unit
                + " across " + what + "]";
    }

    /** Per round, {@code (s - baseline) / baseline} in percent, for the rounds both have. */
    static Series relativeChange(Series s, Series baseline) {
        Series out = new Series();
        Map<String, Double> base = baseline.byRound();
        for (Map.Entry<String, Double> e : s.byRound().entrySet()) {
            Double b = base.get(e.getKey());
            if (b != null && b != 0) {
                out.add(e.getKey(), (e.getValue() - b) / b * 100);
            }
        }
        return out;
    }

    private static String spread(Series s, int decimals) {
        return spreadScaled(s, 1, decimals);
    }

    private static String spreadScaled(Series s, double scale, int decimals) {
        if (s == null || s.isEmpty()) {
            return "–";
        }
        String median = num(s.median() * scale, decimals);
        return s.size() == 1 ? median : median + " [" + num(s.min() * scale, decimals) + " – " + num(s.max() * scale, decimals) + "]";
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String signed(double v, int decimals) {
        return (v >= 0 ? "+" : "") + num(v, decimals);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String verdict(boolean pass) {
        return pass ? "pass" : "**FAIL**";
    }

    private void row(String... cells) {
        line("| " + String.join(" | ", cells) + " |");
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
