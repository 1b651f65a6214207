package io.querylens.instrument.jdbc;

import static io.querylens.instrument.Hook.Arg.FALSE;
import static io.querylens.instrument.Hook.Arg.TOKEN;
import static io.querylens.instrument.Hook.Arg.TRUE;
import static io.querylens.instrument.Hook.types;

import io.querylens.instrument.Hook;
import io.querylens.instrument.MethodRule;
import java.util.List;

/** {@code javax.sql.DataSource.getConnection()}: how long the application waits for a connection. */
final class DataSourceInstrumentation {
    private DataSourceInstrumentation() {}

    static List<MethodRule> rules() {
        Class<?>[] exit = types(long.class, boolean.class);
        return List.of(MethodRule.of("getConnection", MethodRule.of(1 | 1 << 2),
                Hook.of("getConnectionEnter", types()), Hook.of("getConnectionExit", exit, TOKEN, FALSE),
                Hook.of("getConnectionExit", exit, TOKEN, TRUE)));
    }
}
