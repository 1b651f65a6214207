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
 * {@code java.sql.Connection}: statements prepared or created (the SQL is fingerprinted once, here), and
 * transaction boundaries.
 */
final class ConnectionInstrumentation {
    private ConnectionInstrumentation() {}

    static List<MethodRule> rules() {
        Hook enter = Hook.of("prepareEnter", types(Object.class, Object.class), THIS, STATE);
        Class<?>[] exit = types(Object.class, boolean.class, Object.class, Object.class, String.class, boolean.class);
        return List.of(
                MethodRule.of(Set.of("prepareStatement", "prepareCall"), first("Ljava/lang/String;"), enter,
                        Hook.of("prepareExit", exit, VALUE, TOKEN, THIS, STATE, ARG0, TRUE),
                        Hook.of("prepareExit", exit, NULL, TOKEN, THIS, STATE, ARG0, TRUE)),
                MethodRule.of("createStatement", MethodRule.any(), enter,
                        Hook.of("prepareExit", exit, VALUE, TOKEN, THIS, STATE, NULL, FALSE),
                        Hook.of("prepareExit", exit, NULL, TOKEN, THIS, STATE, NULL, FALSE)),
                MethodRule.of("setAutoCommit", exactly("Z"), null,
                        Hook.of("autoCommit", types(Object.class, boolean.class), THIS, ARG0), null),
                transactionEnd("commit", true),
                transactionEnd("rollback", false));
    }

    /** commit() and rollback(), not rollback(Savepoint): the transaction ends whether or not the call throws. */
    private static MethodRule transactionEnd(String name, boolean committed) {
        Hook end = Hook.of("endTransaction", types(Object.class, Object.class, boolean.class), THIS, STATE,
                committed ? TRUE : FALSE);
        return MethodRule.of(name, none(), null, end, end);
    }
}
