package io.querylens.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.querylens.bootstrap.Hooks;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.util.Arrays;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.sql.ResultSet}: rows read with {@code next()}, which columns the getters read, and close.
 * Only result sets linked to a statement execution are followed; for any other (a pool's inner delegate,
 * metadata results) the advice costs one field read.
 */
final class ResultSetInstrumentation {
    /**
     * The column getters {@code java.sql.ResultSet} declares. A driver's own public helpers named like getters
     * (H2's {@code getInternal(int)}, which every H2 getter calls) are not column reads by the application.
     */
    static final String[] GETTERS = Arrays.stream(ResultSet.class.getMethods())
            .filter(m -> m.getName().startsWith("get") && m.getParameterCount() >= 1
                    && (m.getParameterTypes()[0] == int.class || m.getParameterTypes()[0] == String.class))
            .map(Method::getName).distinct().sorted().toArray(String[]::new);

    private ResultSetInstrumentation() {}

    static AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String self = ResultSetInstrumentation.class.getName();
        return advice
                .advice(isPublic().and(named("next")).and(takesArguments(0)), self + "$NextAdvice")
                .advice(isPublic().and(not(isStatic())).and(namedOneOf(GETTERS)).and(takesArgument(0, int.class))
                        .and(takesArguments(1).or(takesArguments(2))), self + "$GetByIndexAdvice")
                .advice(isPublic().and(not(isStatic())).and(namedOneOf(GETTERS)).and(takesArgument(0, String.class))
                        .and(takesArguments(1).or(takesArguments(2))), self + "$GetByLabelAdvice")
                .advice(isPublic().and(named("close")).and(takesArguments(0)), self + "$CloseAdvice");
    }

    static final class NextAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object resultSet) {
            return Hooks.resultSetEnter(resultSet);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.This Object resultSet, @Advice.Return boolean hasRow,
                         @Advice.Thrown Throwable error) {
            Hooks.nextExit(token, resultSet, hasRow, error);
        }
    }

    static final class GetByIndexAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object resultSet) {
            return Hooks.getterEnter(resultSet);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.This Object resultSet, @Advice.Argument(0) int index) {
            Hooks.getterExit(token, resultSet, index);
        }
    }

    static final class GetByLabelAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object resultSet) {
            return Hooks.getterEnter(resultSet);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.This Object resultSet, @Advice.Argument(0) String label) {
            Hooks.getterExit(token, resultSet, label);
        }
    }

    static final class CloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object resultSet) {
            Hooks.closeResultSet(resultSet);
        }
    }
}
