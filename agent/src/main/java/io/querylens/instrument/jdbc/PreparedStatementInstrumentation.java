package io.querylens.instrument.jdbc;

import static io.querylens.instrument.Hook.Arg.ARG0;
import static io.querylens.instrument.Hook.Arg.ARG1;
import static io.querylens.instrument.Hook.Arg.FALSE;
import static io.querylens.instrument.Hook.Arg.NULL;
import static io.querylens.instrument.Hook.Arg.STATE;
import static io.querylens.instrument.Hook.Arg.THIS;
import static io.querylens.instrument.Hook.Arg.TOKEN;
import static io.querylens.instrument.Hook.Arg.VALUE;
import static io.querylens.instrument.Hook.types;
import static io.querylens.instrument.MethodRule.none;
import static io.querylens.instrument.jdbc.StatementInstrumentation.EXECUTE_ENTER;
import static io.querylens.instrument.jdbc.StatementInstrumentation.EXECUTE_EXIT;

import io.querylens.instrument.Hook;
import io.querylens.instrument.MethodRule;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Type;

/**
 * {@code java.sql.PreparedStatement}: executions without SQL text, batches, and parameters. A parameter's
 * value is reduced to a hash at once (one hook per primitive kind, so nothing is boxed); values are never
 * kept.
 */
final class PreparedStatementInstrumentation {
    private PreparedStatementInstrumentation() {}

    static List<MethodRule> rules() {
        Hook enter = Hook.of("executeEnter", EXECUTE_ENTER, THIS, STATE, NULL);
        Hook failed = Hook.of("executeExit", EXECUTE_EXIT, VALUE, THIS, STATE, NULL, TOKEN, FALSE);
        Class<?>[] bindObjectTypes = types(Object.class, Object.class, int.class, Object.class);
        Hook bindObject = Hook.of("bindObject", bindObjectTypes, THIS, STATE, ARG0, ARG1);
        return List.of(
                MethodRule.of("executeQuery", none(), enter,
                        Hook.of("executeExit", EXECUTE_EXIT, VALUE, THIS, STATE, NULL, TOKEN, FALSE), failed),
                MethodRule.of(Set.of("execute", "executeUpdate", "executeLargeUpdate"), none(), enter,
                        Hook.of("executeExit", EXECUTE_EXIT, NULL, THIS, STATE, NULL, TOKEN, FALSE), failed),
                MethodRule.of("addBatch", none(), null,
                        Hook.of("addBatch", types(Object.class, String.class), THIS, NULL), null),
                MethodRule.of("clearParameters", none(), null,
                        Hook.of("clearParameters", types(Object.class), THIS), null),
                MethodRule.of("setNull", SETTER, null,
                        Hook.of("bindObject", bindObjectTypes, THIS, STATE, ARG0, NULL), null),
                MethodRule.of(SETTERS, SETTER.secondOf(Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT,
                                Type.LONG), null,
                        Hook.of("bind", types(Object.class, Object.class, int.class, long.class), THIS, STATE, ARG0,
                                ARG1), null),
                MethodRule.of(SETTERS, SETTER.secondOf(Type.FLOAT, Type.DOUBLE), null,
                        Hook.of("bindDouble", types(Object.class, Object.class, int.class, double.class), THIS,
                                STATE, ARG0, ARG1), null),
                MethodRule.of(SETTERS, SETTER.secondOf(Type.OBJECT, Type.ARRAY), null,
                        bindObject, null));
    }

    /** The parameter setters {@code java.sql.PreparedStatement} declares, by index (setNull has its own rule). */
    static final Set<String> SETTERS = new HashSet<>();

    static {
        for (Method m : PreparedStatement.class.getMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.getName().startsWith("set") && !m.getName().equals("setNull") && p.length >= 2 && p[0] == int.class) {
                SETTERS.add(m.getName());
            }
        }
    }

    /** (int index, value[, extra]). */
    private static final MethodRule.Params SETTER = MethodRule.of(1 << 2 | 1 << 3, "I");
}
