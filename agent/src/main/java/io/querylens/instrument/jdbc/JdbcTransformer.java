package io.querylens.instrument.jdbc;

import io.querylens.instrument.MethodRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDBC rules a class needs, by what it implements (one class can be several kinds). The lists are built
 * once; a class gets the concatenation for its kinds, memoised per kind combination (32 at most).
 */
public final class JdbcTransformer {
    private final List<MethodRule> connection = ConnectionInstrumentation.rules();
    private final List<MethodRule> statement = StatementInstrumentation.rules();
    private final List<MethodRule> prepared = PreparedStatementInstrumentation.rules();
    private final List<MethodRule> resultSet = ResultSetInstrumentation.rules();
    private final List<MethodRule> dataSource = DataSourceInstrumentation.rules();
    @SuppressWarnings("unchecked")
    private final List<MethodRule>[] byKinds = new List[32];

    /** Kinds whose instances carry per-object state (the injected field or the fallback table). */
    public static final int STATEFUL = JdbcTypes.CONNECTION | JdbcTypes.STATEMENT | JdbcTypes.RESULT_SET;

    /** The rules for a class of these kinds; prepared statements' rules come first, as the more specific. */
    public List<MethodRule> rules(int kinds) {
        int k = kinds & 31;
        List<MethodRule> cached = byKinds[k];
        if (cached != null) {
            return cached;
        }
        List<MethodRule> all = new ArrayList<>();
        if ((k & JdbcTypes.PREPARED) != 0) {
            all.addAll(prepared);
        }
        if ((k & JdbcTypes.STATEMENT) != 0) {
            all.addAll(statement);
        }
        if ((k & JdbcTypes.CONNECTION) != 0) {
            all.addAll(connection);
        }
        if ((k & JdbcTypes.RESULT_SET) != 0) {
            all.addAll(resultSet);
        }
        if ((k & JdbcTypes.DATA_SOURCE) != 0) {
            all.addAll(dataSource);
        }
        List<MethodRule> result = List.copyOf(all);
        byKinds[k] = result;
        return result;
    }
}
