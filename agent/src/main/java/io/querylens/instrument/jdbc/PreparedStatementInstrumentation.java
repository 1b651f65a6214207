package io.querylens.instrument.jdbc;

import static io.querylens.instrument.Hook.Arg.ARG0;
import static io.querylens.instrument.Hook.Arg.ARG1;
import static io.querylens.instrument.Hook.Arg.FALSE;
import static io.querylens.instrument.Hook.Arg.NULL;
import static io.querylens.instrument.Hook.Arg.THIS;
import static io.querylens.instrument.Hook.Arg.TOKEN;
import static io.querylens.instrument.Hook.Arg.VALUE;
import static io.querylens.instrument.Hook.types;
import static io.querylens.instrument.MethodRule.none;
import static io.querylens.instrument.jdbc.StatementInstrumentation.EXECUTE_EXIT;

import io.querylens.instrument.Hook;
import io.querylens.instrument.MethodRule;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.objectweb.asm.Type;

/**
 * {@code java.sql.PreparedStatement}: executions without SQL text, batches, and parameters. A parameter's
 * value is reduced to a hash at once (one hook per primitive kind, so nothing is boxed); values are never
 * kept.
 */
final class PreparedStatementInstrumentation {
    private PreparedStatementInstrumentation() {}

    static List<MethodRule> rules() {
        Hook enter = Hook.of("executeEnter", types(Object.class, String.class), THIS, NULL);
        Hook failed = Hook.of("executeExit", EXECUTE_EXIT, VALUE, THIS, NULL, TOKEN, FALSE);
        Hook bindObject = Hook.of("bindObject", types(Object.class, int.class, Object.class), THIS, ARG0, ARG1);
        return List.of(
                MethodRule.of("executeQuery", none(), enter,
                        Hook.of("executeExit", EXECUTE_EXIT, VALUE, THIS, NULL, TOKEN, FALSE), failed),
                MethodRule.of(Set.of("execute", "executeUpdate", "executeLargeUpdate"), none(), enter,
                        Hook.of("executeExit", EXECUTE_EXIT, NULL, THIS, NULL, TOKEN, FALSE), failed),
                MethodRule.of("addBatch", none(), null,
                        Hook.of("addBatch", types(Object.class, String.class), THIS, NULL), null),
                MethodRule.of("clearParameters", none(), null,
                        Hook.of("clearParameters", types(Object.class), THIS), null),
                MethodRule.of("setNull", setter(v -> true), null,
                        Hook.of("bindObject", types(Object.class, int.class, Object.class), THIS, ARG0, NULL), null),
                MethodRule.of(SETTERS, setter(v -> v.getSort() >= Type.BOOLEAN && v.getSort() <= Type.INT
                                || v.getSort() == Type.LONG), null,
                        Hook.of("bind", types(Object.class, int.class, long.class), THIS, ARG0, ARG1), null),
                MethodRule.of(SETTERS, setter(v -> v.getSort() == Type.FLOAT || v.getSort() == Type.DOUBLE), null,
                        Hook.of("bindDouble", types(Object.class, int.class, double.class), THIS, ARG0, ARG1), null),
                MethodRule.of(SETTERS, setter(v -> v.getSort() == Type.OBJECT || v.getSort() == Type.ARRAY), null,
                        bindObject, null));
    }

    /** The parameter setters {@code java.sql.PreparedStatement} declares, by index (setNull has its own rule). */
    static final Set<String> SETTERS = Arrays.stream(PreparedStatement.class.getMethods())
            .filter(m -> m.getName().startsWith("set") && !m.getName().equals("setNull")
                    && m.getParameterCount() >= 2 && m.getParameterTypes()[0] == int.class)
            .map(Method::getName).collect(Collectors.toUnmodifiableSet());

    /** (int index, value[, extra]) with a value of the given kind. */
    private static Predicate<Type[]> setter(Predicate<Type> value) {
        return p -> (p.length == 2 || p.length == 3) && p[0].getSort() == Type.INT && value.test(p[1]);
    }
}
