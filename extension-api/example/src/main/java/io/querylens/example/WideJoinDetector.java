package io.querylens.example;

import io.querylens.api.spi.Detector;
import io.querylens.api.spi.FindingReporter;
import io.querylens.api.spi.StatementEvent;

/**
 * An example {@link Detector}: raises {@code TOO_MANY_JOINS} when a statement joins more tables than
 * {@code -Dquerylens.example.max.joins} (default 3) — many-way joins are where ORMs' eager fetching turns
 * one query into a cartesian product.
 *
 * <p>It reads a statement's text once per unit of work (on its first execution there), so a statement
 * repeated in a loop costs one integer comparison per execution.
 */
public final class WideJoinDetector implements Detector {
    public static final String TYPE = "TOO_MANY_JOINS";
    private final int maxJoins;

    /** The no-argument constructor {@link java.util.ServiceLoader} uses. */
    public WideJoinDetector() {
        this(Integer.getInteger("querylens.example.max.joins", 3));
    }

    public WideJoinDetector(int maxJoins) {
        this.maxJoins = maxJoins;
    }

    @Override
    public String name() {
        return "wide-join";
    }

    @Override
    public void onStatement(StatementEvent statement, FindingReporter reporter) {
        if (statement.executionsInUnit() != 1) {
            return; // judged on its first execution in the unit: the text does not change
        }
        int joins = joins(statement.sql());
        if (joins > maxJoins) {
            reporter.report(TYPE, statement.fingerprint(), 1, "this statement joins " + (joins + 1)
                    + " tables: fetch the associations in separate queries, or fewer of them");
        }
    }

    /** Occurrences of the word JOIN, in any case. */
    static int joins(String sql) {
        int n = 0;
        int len = sql.length();
        for (int i = 0; i + 4 <= len; i++) {
            if (sql.regionMatches(true, i, "join", 0, 4)
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))
                    && (i + 4 == len || !Character.isLetterOrDigit(sql.charAt(i + 4)))) {
                n++;
            }
        }
        return n;
    }
}
