package io.querylens.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.querylens.bootstrap.Hooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code javax.sql.DataSource.getConnection}: the time the application waits for a connection. SQL a pool
 * or driver runs inside (validation, session set-up) is nested, so it is not counted as the application's.
 */
final class DataSourceInstrumentation {
    private DataSourceInstrumentation() {}

    static AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        return advice.advice(isPublic().and(named("getConnection")).and(takesArguments(0).or(takesArguments(2))),
                DataSourceInstrumentation.class.getName() + "$GetConnectionAdvice");
    }

    static final class GetConnectionAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return Hooks.getConnectionEnter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Thrown Throwable error) {
            Hooks.getConnectionExit(start, error);
        }
    }
}
