package io.querylens.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * JSqlParser's view of a normalized statement, reduced to a {@link SqlAnalysis} with the same conventions as
 * the fast pass ({@link FastAnalysis}, {@link Summaries}). Runs on the analyzer thread only.
 */
final class ParsedAnalysis {
    private ParsedAnalysis() {
    }

    /**
     * Parses {@code sql} the way JSqlParser's own utility does, without its thread-per-parse timeout: a fast
     * "simple" parse first, then (for brackets) with {@code [x]} quoting, then a "complex" parse if the text
     * is not nested too deeply. Each parser is handed to {@code register} before it runs, so that a watchdog
     * can set its {@code interrupted} flag; {@code stop} is checked between attempts.
     *
     * @return the statement, or null if no attempt parsed it
     */
    static Statement parse(String sql, Consumer<CCJSqlParser> register, java.util.function.BooleanSupplier stop) {
        String text = unwrapJdbcEscape(sql);
        if (text.trim().isEmpty()) {
            return null;
        }
        boolean brackets = text.indexOf('[') >= 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (stop.getAsBoolean()) {
                return null;
            }
            if (attempt == 1 && !brackets) {
                continue;
            }
            if (attempt == 2 && CCJSqlParserUtil.getNestingDepth(text) > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
                return null;
            }
            try {
                CCJSqlParser parser = CCJSqlParserUtil.newParser(text)
                        .withAllowComplexParsing(attempt == 2)
                        .withSquareBracketQuotation(attempt == 1);
                register.accept(parser);
                Statement st = parser.Statement();
                if (st != null) {
                    return st;
                }
            } catch (Exception e) {
                // next attempt
            }
        }
        return null;
    }

    /** {@code {? = CALL p(?)}} is JDBC escape syntax, not SQL: parse the call inside. */
    private static String unwrapJdbcEscape(String sql) {
        if (sql.length() > 2 && sql.charAt(0) == '{' && sql.charAt(sql.length() - 1) == '}') {
            String inner = sql.substring(1, sql.length() - 1).trim();
            return inner.startsWith("? = ") ? inner.substring(4) : inner;
        }
        return sql;
    }

    /** The analysis of a parsed statement; {@code fast} fills in what the statement type does not say. */
    static SqlAnalysis derive(Statement st, String normalized, SqlAnalysis fast) {
        String operation = operation(st, fast);
        boolean rownum = normalized.contains("ROWNUM");
        if (st instanceof Execute) {
            List<String> target = Collections.singletonList(Summaries.clean(((Execute) st).getName()));
            return new SqlAnalysis(operation, null, Summaries.of(operation, target, Collections.emptyList()), false,
                    false, true);
        }
        OrderedTables finder = new OrderedTables();
        List<String> tables = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        try {
            finder.collect(st, tables, targets, reads);
        } catch (RuntimeException e) {
            // a statement type the finder does not support: keep the fast pass's tables
            String summary = java.util.Objects.equals(operation, fast.operation) ? fast.summary
                    : Summaries.of(operation, fast.tables, Collections.emptyList());
            return new SqlAnalysis(operation, fast.tables, summary, false, fast.hasLimit, true);
        }
        boolean select = st instanceof Select;
        String summary = select ? Summaries.of(operation, tables, Collections.emptyList())
                : Summaries.of(operation, targets, reads);
        return new SqlAnalysis(operation, tables, summary, select && star((Select) st), rownum || limited(st), true);
    }

    private static String operation(Statement st, SqlAnalysis fast) {
        if (st instanceof Select) {
            return "SELECT";
        } else if (st instanceof Insert) {
            return "INSERT";
        } else if (st instanceof Update) {
            return "UPDATE";
        } else if (st instanceof Delete) {
            return "DELETE";
        } else if (st instanceof Merge) {
            return "MERGE";
        } else if (st instanceof Upsert) {
            return fast.operation != null ? fast.operation : "UPSERT";
        }
        return fast.operation;
    }

    /** {@code *} or {@code t.*} among the select items of the outermost select(s). */
    private static boolean star(Select s) {
        if (s instanceof PlainSelect) {
            List<SelectItem<?>> items = ((PlainSelect) s).getSelectItems();
            if (items != null) {
                for (SelectItem<?> item : items) {
                    if (item.getExpression() instanceof AllColumns) {
                        return true;
                    }
                }
            }
        } else if (s instanceof SetOperationList) {
            for (Select part : ((SetOperationList) s).getSelects()) {
                if (star(part)) {
                    return true;
                }
            }
        } else if (s instanceof ParenthesedSelect) {
            return star(((ParenthesedSelect) s).getSelect());
        }
        return false;
    }

    private static boolean limited(Statement st) {
        if (st instanceof Select) {
            Select s = (Select) st;
            if (s.getLimit() != null || s.getFetch() != null) {
                return true;
            }
            if (s instanceof PlainSelect) {
                PlainSelect ps = (PlainSelect) s;
                return ps.getTop() != null || ps.getFirst() != null;
            }
            if (s instanceof ParenthesedSelect) {
                return limited(((ParenthesedSelect) s).getSelect());
            }
            return false;
        }
        if (st instanceof Update) {
            return ((Update) st).getLimit() != null;
        }
        if (st instanceof Delete) {
            return ((Delete) st).getLimit() != null;
        }
        return false;
    }

    /**
     * JSqlParser's table finder (which knows every statement and expression type, and leaves out CTE names),
     * made to remember the order it meets tables in and whether each was met inside a {@code SELECT}.
     */
    private static final class OrderedTables extends TablesNamesFinder<Void> {
        private final List<String> seen = new ArrayList<>();
        private final List<Boolean> seenInSelect = new ArrayList<>();
        private int selectDepth;

        void collect(Statement st, List<String> tables, List<String> targets, List<String> reads) {
            Set<String> real = getTables(st);
            for (int i = 0; i < seen.size(); i++) {
                String raw = seen.get(i);
                if (!real.contains(raw)) {
                    continue; // a CTE name or an alias
                }
                String name = Summaries.clean(raw);
                if (tables.contains(name)) {
                    continue;
                }
                tables.add(name);
                (seenInSelect.get(i) ? reads : targets).add(name);
            }
        }

        @Override
        public <S> Void visit(Table table, S context) {
            seen.add(extractTableName(table));
            seenInSelect.add(selectDepth > 0);
            return super.visit(table, context);
        }

        @Override
        public <S> Void visit(PlainSelect plainSelect, S context) {
            selectDepth++;
            try {
                return super.visit(plainSelect, context);
            } finally {
                selectDepth--;
            }
        }
    }
}
