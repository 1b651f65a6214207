package io.querylens.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.querylens.bootstrap.Hooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code java.sql.Statement}: executing SQL text, batches, result sets, limits and close. */
final class StatementInstrumentation {
    private StatementInstrumentation() {}

    static AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String self = StatementInstrumentation.class.getName();
        return advice
                .advice(isPublic().and(named("executeQuery")).and(takesArguments(String.class)),
                        self + "$ExecuteQuerySqlAdvice")
                .advice(isPublic().and(named("execute").or(named("executeUpdate")).or(named("executeLargeUpdate")))
                        .and(takesArgument(0, String.class)), self + "$ExecuteSqlAdvice")
                .advice(isPublic().and(named("executeBatch").or(named("executeLargeBatch"))).and(takesArguments(0)),
                        self + "$ExecuteBatchAdvice")
                .advice(isPublic().and(named("addBatch")).and(takesArguments(String.class)), self + "$AddBatchSqlAdvice")
                .advice(isPublic().and(named("clearBatch")).and(takesArguments(0)), self + "$ClearBatchAdvice")
                .advice(isPublic().and(named("getResultSet")).and(takesArguments(0)), self + "$GetResultSetAdvice")
                .advice(isPublic().and(named("setMaxRows")).and(takesArguments(int.class)), self + "$MaxRowsAdvice")
                .advice(isPublic().and(named("setLargeMaxRows")).and(takesArguments(long.class)),
                        self + "$LargeMaxRowsAdvice")
                .advice(isPublic().and(named("setFetchSize")).and(takesArguments(int.class)), self + "$FetchSizeAdvice")
                .advice(isPublic().and(named("close")).and(takesArguments(0)), self + "$CloseAdvice");
    }

    static final class ExecuteQuerySqlAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object statement, @Advice.Argument(0) String sql) {
            return Hooks.executeEnter(statement, sql);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql, @Advice.Enter long start,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object resultSet, @Advice.Thrown Throwable error) {
            Hooks.executeExit(statement, sql, start, resultSet, error, false);
        }
    }

    static final class ExecuteSqlAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object statement, @Advice.Argument(0) String sql) {
            return Hooks.executeEnter(statement, sql);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql, @Advice.Enter long start,
                         @Advice.Thrown Throwable error) {
            Hooks.executeExit(statement, sql, start, null, error, false);
        }
    }

    static final class ExecuteBatchAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object statement) {
            return Hooks.executeEnter(statement, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Enter long start, @Advice.Thrown Throwable error) {
            Hooks.executeExit(statement, null, start, null, error, true);
        }
    }

    static final class AddBatchSqlAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql) {
            Hooks.addBatch(statement, sql);
        }
    }

    static final class ClearBatchAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement) {
            Hooks.clearBatch(statement);
        }
    }

    static final class GetResultSetAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object resultSet) {
            Hooks.resultSet(statement, resultSet);
        }
    }

    static final class MaxRowsAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int maxRows) {
            Hooks.maxRows(statement, maxRows);
        }
    }

    static final class LargeMaxRowsAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) long maxRows) {
            Hooks.maxRows(statement, maxRows);
        }
    }

    static final class FetchSizeAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int fetchSize) {
            Hooks.fetchSize(statement, fetchSize);
        }
    }

    static final class CloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object statement) {
            Hooks.closeStatement(statement);
        }
    }
}
