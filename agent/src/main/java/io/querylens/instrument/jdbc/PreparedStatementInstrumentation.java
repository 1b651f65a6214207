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
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code java.sql.PreparedStatement}: executions without SQL text, batches, and parameters. A parameter's
 * value is reduced to a hash at once (one advice per primitive type, so nothing is boxed); values are never
 * kept.
 */
final class PreparedStatementInstrumentation {
    private PreparedStatementInstrumentation() {}

    static AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String self = PreparedStatementInstrumentation.class.getName();
        ElementMatcher.Junction<MethodDescription> setter = isPublic().and(not(isStatic())).and(nameStartsWith("set"))
                .and(takesArgument(0, int.class)).and(takesArguments(2).or(takesArguments(3)));
        return advice
                .advice(isPublic().and(named("executeQuery")).and(takesArguments(0)), self + "$ExecuteQueryAdvice")
                .advice(isPublic().and(named("execute").or(named("executeUpdate")).or(named("executeLargeUpdate")))
                        .and(takesArguments(0)), self + "$ExecuteAdvice")
                .advice(isPublic().and(named("addBatch")).and(takesArguments(0)), self + "$AddBatchAdvice")
                .advice(isPublic().and(named("clearParameters")).and(takesArguments(0)), self + "$ClearParametersAdvice")
                .advice(setter.and(named("setNull")), self + "$BindNullAdvice")
                .advice(setter.and(not(named("setNull"))).and(takesArgument(1, int.class).or(takesArgument(1, short.class))
                        .or(takesArgument(1, byte.class)).or(takesArgument(1, char.class))), self + "$BindIntAdvice")
                .advice(setter.and(takesArgument(1, long.class)), self + "$BindLongAdvice")
                .advice(setter.and(takesArgument(1, double.class).or(takesArgument(1, float.class))), self + "$BindDoubleAdvice")
                .advice(setter.and(takesArgument(1, boolean.class)), self + "$BindBooleanAdvice")
                .advice(setter.and(not(takesArgument(1, net.bytebuddy.matcher.ElementMatchers.isPrimitive()))),
                        self + "$BindObjectAdvice");
    }

    static final class ExecuteQueryAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object statement) {
            return Hooks.executeEnter(statement, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Enter long start,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object resultSet, @Advice.Thrown Throwable error) {
            Hooks.executeExit(statement, null, start, resultSet, error, false);
        }
    }

    static final class ExecuteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object statement) {
            return Hooks.executeEnter(statement, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Enter long start, @Advice.Thrown Throwable error) {
            Hooks.executeExit(statement, null, start, null, error, false);
        }
    }

    static final class AddBatchAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement) {
            Hooks.addBatch(statement, null);
        }
    }

    static final class ClearParametersAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement) {
            Hooks.clearParameters(statement);
        }
    }

    static final class BindNullAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int index) {
            Hooks.bindObject(statement, index, null);
        }
    }

    static final class BindIntAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int index, @Advice.Argument(1) int value) {
            Hooks.bind(statement, index, value);
        }
    }

    static final class BindLongAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int index, @Advice.Argument(1) long value) {
            Hooks.bind(statement, index, value);
        }
    }

    static final class BindDoubleAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int index, @Advice.Argument(1) double value) {
            Hooks.bind(statement, index, Double.doubleToLongBits(value));
        }
    }

    static final class BindBooleanAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int index, @Advice.Argument(1) boolean value) {
            Hooks.bind(statement, index, value ? 1231 : 1237);
        }
    }

    static final class BindObjectAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int index,
                         @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) Object value) {
            Hooks.bindObject(statement, index, value);
        }
    }
}
