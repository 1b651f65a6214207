package io.querylens.instrument.jdbc;

import static io.querylens.instrument.Hook.Arg.ARG0;
import static io.querylens.instrument.Hook.Arg.FALSE;
import static io.querylens.instrument.Hook.Arg.NULL;
import static io.querylens.instrument.Hook.Arg.STATE;
import static io.querylens.instrument.Hook.Arg.THIS;
import static io.querylens.instrument.Hook.Arg.TOKEN;
import static io.querylens.instrument.Hook.Arg.TRUE;
import static io.querylens.instrument.Hook.Arg.VALUE;
import static io.querylens.instrument.Hook.types;
import static io.querylens.instrument.MethodRule.exactly;
import static io.querylens.instrument.MethodRule.first;
import static io.querylens.instrument.MethodRule.none;

import io.querylens.instrument.Hook;
import io.querylens.instrument.MethodRule;
import java.util.List;
import java.util.Set;

/**
 * {@code java.sql.Statement}: executions with SQL text, batches, the result set, limits and close. An
 * execution's exit hook takes its outcome: the result set {@code executeQuery} returned, or the exception.
 */
final class StatementInstrumentation {
    private StatementInstrumentation() {}

    static final Class<?>[] EXECUTE_ENTER = types(Object.class, Object.class, String.class);
    static final Class<?>[] EXECUTE_EXIT = types(Object.class, Object.class, Object.class, String.class, long.class,
            boolean.class);

    static List<MethodRule> rules() {
        Hook enterSql = Hook.of("executeEnter", EXECUTE_ENTER, THIS, STATE, ARG0);
        Hook enterBatch = Hook.of("executeEnter", EXECUTE_ENTER, THIS, STATE, NULL);
        Hook failed = Hook.of("executeExit", EXECUTE_EXIT, VALUE, THIS, STATE, ARG0, TOKEN, FALSE);
        return List.of(
                MethodRule.of("executeQuery", exactly("Ljava/lang/String;"), enterSql,
                        Hook.of("executeExit", EXECUTE_EXIT, VALUE, THIS, STATE, ARG0, TOKEN, FALSE), failed),
                MethodRule.of(Set.of("execute", "executeUpdate", "executeLargeUpdate"), first("Ljava/lang/String;"),
                        enterSql, Hook.of("executeExit", EXECUTE_EXIT, NULL, THIS, STATE, ARG0, TOKEN, FALSE), failed),
                MethodRule.of(Set.of("executeBatch", "executeLargeBatch"), none(), enterBatch,
                        Hook.of("executeExit", EXECUTE_EXIT, NULL, THIS, STATE, NULL, TOKEN, TRUE),
                        Hook.of("executeExit", EXECUTE_EXIT, VALUE, THIS, STATE, NULL, TOKEN, TRUE)),
                MethodRule.of("addBatch", exactly("Ljava/lang/String;"), null,
                        Hook.of("addBatch", types(Object.class, String.class), THIS, ARG0), null),
                MethodRule.of("clearBatch", none(), null, Hook.of("clearBatch", types(Object.class), THIS), null),
                MethodRule.of("getResultSet", none(), null,
                        Hook.of("resultSet", types(Object.class, Object.class), VALUE, THIS), null),
                MethodRule.of("setMaxRows", exactly("I"), null,
                        Hook.of("maxRows", types(Object.class, long.class), THIS, ARG0), null),
                MethodRule.of("setLargeMaxRows", exactly("J"), null,
                        Hook.of("maxRows", types(Object.class, long.class), THIS, ARG0), null),
                MethodRule.of("setFetchSize", exactly("I"), null,
                        Hook.of("fetchSize", types(Object.class, int.class), THIS, ARG0), null),
                MethodRule.of("close", none(),
                        Hook.of("closeStatement", types(Object.class, Object.class), THIS, STATE), null, null));
    }
}
