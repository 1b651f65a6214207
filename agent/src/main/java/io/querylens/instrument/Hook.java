package io.querylens.instrument;

import io.querylens.bootstrap.Hooks;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.objectweb.asm.Type;

/**
 * A call the weaver inserts: one static method of {@link Hooks} and where each of its arguments comes from.
 * The method is looked up when the rule is built, so a hook that does not exist fails the agent's start-up
 * test rather than a class's definition.
 */
public final class Hook {
    static final String OWNER = Type.getInternalName(Hooks.class);

    /** Where an argument comes from. {@link #VALUE} may only be first: it is the value already on the stack. */
    public enum Arg {
        /** On a normal exit the value returned; in the exception handler the exception thrown. */
        VALUE,
        THIS,
        /**
         * This object's agent state: its own state field, read through the accessor woven into its class (a
         * call the JIT inlines, where looking it up through the {@code StateHolder} interface from a hook is a
         * dispatch over every woven class); {@code State.NO_FIELD} when the class has no field.
         */
        STATE,
        /**
         * Whether this result set is past its sampled rows ({@code SampledHolder}): its own injected flag, read
         * through the accessor woven into its class; false when the class has no field.
         */
        SAMPLED,
        ARG0,
        ARG1,
        /** What the enter hook returned. */
        TOKEN,
        NULL,
        TRUE,
        FALSE
    }

    final String name;
    final String descriptor;
    final Type[] parameters;
    final Type returnType;
    final Arg[] args;

    private Hook(Method method, Arg[] args) {
        this.name = method.getName();
        this.descriptor = Type.getMethodDescriptor(method);
        this.parameters = Type.getArgumentTypes(method);
        this.returnType = Type.getReturnType(method);
        this.args = args;
    }

    /** {@code Hooks.name(parameterTypes)}, called with {@code args}. */
    public static Hook of(String name, Class<?>[] parameterTypes, Arg... args) {
        Method m;
        try {
            m = Hooks.class.getMethod(name, parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no hook " + name, e);
        }
        if (!Modifier.isStatic(m.getModifiers()) || parameterTypes.length != args.length) {
            throw new IllegalArgumentException("hook " + name + " takes " + parameterTypes.length + " arguments");
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i] == Arg.VALUE) {
                throw new IllegalArgumentException("hook " + name + ": the value can only be the first argument");
            }
        }
        return new Hook(m, args);
    }

    public static Class<?>[] types(Class<?>... types) {
        return types;
    }

    boolean takesValue() {
        return args.length > 0 && args[0] == Arg.VALUE;
    }

    boolean takes(Arg arg) {
        for (Arg a : args) {
            if (a == arg) {
                return true;
            }
        }
        return false;
    }

    boolean takesToken() {
        return takes(Arg.TOKEN);
    }

    @Override
    public String toString() {
        return "Hooks." + name + descriptor;
    }
}
