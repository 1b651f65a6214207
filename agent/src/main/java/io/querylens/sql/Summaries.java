package io.querylens.sql;

import java.util.List;

/**
 * Builds {@code db.query.summary} the same way for the fast pass and for JSqlParser, so that the two agree on
 * ordinary statements.
 *
 * <p>Rule: the operation, then its targets in order of appearance. A statement that reads through a nested
 * {@code SELECT} while it writes (or calls) lists the read tables after a {@code SELECT} marker, as in the
 * OpenTelemetry example {@code INSERT shipping_details SELECT orders}. A {@code SELECT} lists every table
 * it reads, joins and subqueries included: {@code SELECT orders customer}. At most 255 characters, cut at a
 * word boundary. No operation, no summary (null).
 */
final class Summaries {
    static final int MAX_LENGTH = 255;

    private Summaries() {
    }

    /**
     * @param operation the statement's operation, or null
     * @param targets   tables (or the procedure) the operation acts on, in order
     * @param reads     tables read by nested {@code SELECT}s of a non-{@code SELECT} statement, in order
     */
    static String of(String operation, List<String> targets, List<String> reads) {
        if (operation == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(operation);
        for (String t : targets) {
            if (!append(sb, t)) {
                return sb.toString();
            }
        }
        if (!reads.isEmpty() && append(sb, "SELECT")) {
            for (String t : reads) {
                if (!append(sb, t)) {
                    break;
                }
            }
        }
        return sb.toString();
    }

    private static boolean append(StringBuilder sb, String word) {
        if (sb.length() + 1 + word.length() > MAX_LENGTH) {
            return false;
        }
        sb.append(' ').append(word);
        return true;
    }

    /**
     * A table name as written minus its identifier quotes: {@code public."Order"} becomes
     * {@code public.Order}, {@code [dbo].[t]} becomes {@code dbo.t}.
     */
    static String clean(String name) {
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '`' || c == '[' || c == ']') {
                quoted = true;
                break;
            }
        }
        if (!quoted) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '"' && c != '`' && c != '[' && c != ']') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
