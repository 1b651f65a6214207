package io.querylens.instrument.jdbc;

import static io.querylens.instrument.Hook.Arg.ARG0;
import static io.querylens.instrument.Hook.Arg.SAMPLED;
import static io.querylens.instrument.Hook.Arg.STATE;
import static io.querylens.instrument.Hook.Arg.THIS;
import static io.querylens.instrument.Hook.Arg.TOKEN;
import static io.querylens.instrument.Hook.Arg.VALUE;
import static io.querylens.instrument.Hook.types;
import static io.querylens.instrument.MethodRule.none;

import io.querylens.instrument.Hook;
import io.querylens.instrument.MethodRule;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code java.sql.ResultSet}: rows read with {@code next()}, which columns the getters read, and close.
 * Only result sets linked to a statement execution are followed; for any other (a pool's inner delegate,
 * metadata results) a hook costs a field read or two. A getter is guarded by the result set's own flag
 * ({@code SampledHolder}): past the sampled rows of a followed result, it reads that and nothing else.
 */
final class ResultSetInstrumentation {
    /**
     * The column getters {@code java.sql.ResultSet} declares. A driver's own public helpers named like getters
     * (H2's {@code getInternal(int)}, which every H2 getter calls) are not column reads by the application.
     */
    static final Set<String> GETTERS = new HashSet<>();

    static {
        for (Method m : ResultSet.class.getMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.getName().startsWith("get") && p.length >= 1 && (p[0] == int.class || p[0] == String.class)) {
                GETTERS.add(m.getName());
            }
        }
    }

    private ResultSetInstrumentation() {}

    static List<MethodRule> rules() {
        Hook getter = Hook.of("getterEnter", types(Object.class, Object.class), THIS, STATE);
        Hook wanted = Hook.of("columnsPending", types(boolean.class), SAMPLED);
        Hook byIndex = Hook.of("column", types(Object.class, Object.class, int.class), THIS, STATE, ARG0);
        Hook byLabel = Hook.of("getterExit", types(Object.class, Object.class, String.class), TOKEN, THIS, ARG0);
        return List.of(
                // one call at each return, no enter and no handler (a next() that throws reads no row): the
                // least code in a method called once per row, small enough to stay inlined into the caller's
                // loop; an override calling super.next() is left to the overridden method's hook
                MethodRule.unlessCallingSuper(Set.of("next"), none(), null,
                        Hook.of("nextExit", types(boolean.class, Object.class, Object.class), VALUE, THIS, STATE), null),
                MethodRule.guarded(GETTERS, MethodRule.of(1 << 1 | 1 << 2, "I"), wanted, byIndex, null, null),
                MethodRule.guarded(GETTERS, MethodRule.of(1 << 1 | 1 << 2, "Ljava/lang/String;"), wanted, getter,
                        byLabel, byLabel),
                MethodRule.of("close", none(),
                        Hook.of("closeResultSet", types(Object.class, Object.class), THIS, STATE), null, null));
    }
}
