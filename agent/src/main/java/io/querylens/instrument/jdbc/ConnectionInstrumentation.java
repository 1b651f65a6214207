package io.querylens.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.querylens.bootstrap.Hooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/** {@code java.sql.Connection}: statement creation (where fingerprints are taken) and transaction boundaries. */
final class ConnectionInstrumentation {
    private ConnectionInstrumentation() {}

    static AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String self = ConnectionInstrumentation.class.getName();
        return advice
                .advice(isPublic().and(named("prepareStatement").or(named("prepareCall")))
                        .and(takesArgument(0, String.class)), self + "$PrepareAdvice")
                .advice(isPublic().and(named("createStatement")), self + "$CreateAdvice")
                .advice(isPublic().and(named("setAutoCommit")).and(takesArguments(boolean.class)),
                        self + "$AutoCommitAdvice")
                .advice(isPublic().and(named("commit")).and(takesArguments(0)), self + "$CommitAdvice")
                .advice(isPublic().and(named("rollback")).and(takesArguments(0)).and(returns(void.class)),
                        self + "$RollbackAdvice");
    }

    static final class PrepareAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter(@Advice.This Object connection) {
            return Hooks.prepareEnter(connection);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter boolean entered, @Advice.This Object connection, @Advice.Argument(0) String sql,
                         @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) Object statement) {
            Hooks.prepareExit(entered, connection, statement, sql, true);
        }
    }

    static final class CreateAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter(@Advice.This Object connection) {
            return Hooks.prepareEnter(connection);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter boolean entered, @Advice.This Object connection,
                         @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) Object statement) {
            Hooks.prepareExit(entered, connection, statement, null, false);
        }
    }

    static final class AutoCommitAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Argument(0) boolean autoCommit) {
            Hooks.autoCommit(connection, autoCommit);
        }
    }

    static final class CommitAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object connection) {
            Hooks.endTransaction(connection, true);
        }
    }

    static final class RollbackAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object connection) {
            Hooks.endTransaction(connection, false);
        }
    }
}
