package io.querylens.export;

import io.querylens.detect.CallSite;
import io.querylens.detect.FindingSummary;
import io.querylens.stats.StatementStats;
import io.querylens.stats.StatsRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The few lines printed on standard error at shutdown ({@code querylens.summary}, default on): the top ten
 * findings, each with its statement shortened to about 100 characters, where in the code, and the fix; then
 * one line of totals. For example:
 * <pre>
 * [querylens] 2 findings (most frequent first):
 * [querylens]   N_PLUS_ONE x120 in 40 units: SELECT * FROM customer WHERE id = ?
 * [querylens]     at com.shop.OrderService.list(OrderService.java:42), association Order.customer
 * [querylens]     fix: fetch Order.customer with a join fetch or an entity graph
 * [querylens] totals: 12345 statements, 37 fingerprints, 2 findings (41 occurrences)
 * </pre>
 */
public final class ConsoleSummary {
    static final int MAX_FINDINGS = 10;
    static final int MAX_SQL_CHARS = 100;

    private final StatsRegistry stats;
    private final Supplier<List<FindingSummary>> findings;

    public ConsoleSummary(StatsRegistry stats, Supplier<List<FindingSummary>> findings) {
        this.stats = stats;
        this.findings = findings;
    }

    /** Prints the summary; never throws. */
    public void print(PrintStream out) {
        try {
            out.print(render());
            out.flush();
        } catch (RuntimeException e) {
            // a summary must never fail the application's shutdown
        }
    }

    String render() {
        List<FindingSummary> all = new ArrayList<>(findings == null ? Collections.emptyList() : findings.get());
        all.sort(Comparator.comparingLong((FindingSummary f) -> f.occurrences).reversed()
                .thenComparing(Comparator.comparingInt((FindingSummary f) -> f.repetitions).reversed()));
        StringBuilder sb = new StringBuilder();
        if (!all.isEmpty()) {
            sb.append("[querylens] ").append(all.size()).append(all.size() == 1 ? " finding" : " findings")
                    .append(all.size() > MAX_FINDINGS ? " (top " + MAX_FINDINGS + ", most frequent first):\n"
                            : " (most frequent first):\n");
        }
        long occurrences = 0;
        for (int i = 0; i < all.size(); i++) {
            FindingSummary f = all.get(i);
            occurrences += f.occurrences;
            if (i < MAX_FINDINGS) {
                finding(sb, f);
            }
        }
        long statements = 0;
        List<StatementStats> fps = stats.all();
        for (StatementStats s : fps) {
            statements += s.count();
        }
        sb.append(String.format(Locale.ROOT, "[querylens] totals: %d statements, %d fingerprints, %d %s (%d %s)%n",
                statements, fps.size(), all.size(), all.size() == 1 ? "finding" : "findings",
                occurrences, occurrences == 1 ? "occurrence" : "occurrences"));
        return sb.toString();
    }

    private static void finding(StringBuilder sb, FindingSummary f) {
        sb.append("[querylens]   ").append(f.type).append(" x").append(f.repetitions)
                .append(" in ").append(f.occurrences).append(f.occurrences == 1 ? " unit" : " units");
        if (f.sql != null) {
            sb.append(": ").append(shorten(f.sql));
        }
        sb.append('\n');
        CallSite c = f.callSite;
        if (c != null && c != CallSite.UNKNOWN || f.association != null) {
            sb.append("[querylens]     at ").append(c == null ? CallSite.UNKNOWN : c);
            if (f.association != null) {
                sb.append(", association ").append(f.association);
            }
            sb.append('\n');
        }
        if (f.suggestion != null) {
            sb.append("[querylens]     fix: ").append(f.suggestion).append('\n');
        }
    }

    /** One line of at most {@link #MAX_SQL_CHARS} characters. */
    static String shorten(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() <= MAX_SQL_CHARS ? s : s.substring(0, MAX_SQL_CHARS - 3) + "...";
    }
}
