package io.querylens.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.querylens.bootstrap.Hooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.sql.ResultSet}: rows read with {@code next()}, which columns the getters read, and close.
 * Only result sets linked to a statement execution are followed; for any other (a pool's inner delegate,
 * metadata results) the advice costs one field read.
 */
final class ResultSetInstrumentation {
    private ResultSetInstrumentation() {}

    static AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String self = ResultSetInstrumentation.class.getName();
        return advice
                .advice(isPublic().and(named("next")).and(takesArguments(0)), self + "$NextAdvice")
                .advice(isPublic().and(not(isStatic())).and(nameStartsWith("get")).and(takesArgument(0, int.class))
                        .and(takesArguments(1).or(takesArguments(2))), self + "$GetByIndexAdvice")
                .advice(isPublic().and(not(isStatic())).and(nameStartsWith("get")).and(takesArgument(0, String.class))
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
