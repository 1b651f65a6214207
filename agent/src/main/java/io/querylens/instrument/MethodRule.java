package io.querylens.instrument;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Type;

/**
 * Which methods get which hooks: public instance methods with code, by name and parameter types. A rule has
 * up to three hooks: on entry (its result, if any, is the token the others may take), before each normal
 * return, and in a handler around the whole body that sees any exception leave the method and rethrows it.
 */
public final class MethodRule {
    final Set<String> names;
    final Predicate<Type[]> parameters;
    final Hook enter;
    final Hook exit;
    final Hook thrown;

    private MethodRule(Set<String> names, Predicate<Type[]> parameters, Hook enter, Hook exit, Hook thrown) {
        if (enter == null && exit == null && thrown == null) {
            throw new IllegalArgumentException("a rule without hooks");
        }
        boolean tokenUsed = exit != null && exit.takesToken() || thrown != null && thrown.takesToken();
        if (tokenUsed && (enter == null || enter.returnType.getSort() == Type.VOID)) {
            throw new IllegalArgumentException("a token is taken but no enter hook returns one: " + names);
        }
        if (enter != null && enter.takesValue()) {
            throw new IllegalArgumentException("an enter hook has no value: " + enter);
        }
        this.names = names;
        this.parameters = parameters;
        this.enter = enter;
        this.exit = exit;
        this.thrown = thrown;
    }

    public static MethodRule of(Set<String> names, Predicate<Type[]> parameters, Hook enter, Hook exit, Hook thrown) {
        return new MethodRule(names, parameters, enter, exit, thrown);
    }

    public static MethodRule of(String name, Predicate<Type[]> parameters, Hook enter, Hook exit, Hook thrown) {
        return new MethodRule(Set.of(name), parameters, enter, exit, thrown);
    }

    boolean matches(String name, Type[] parameterTypes) {
        return names.contains(name) && parameters.test(parameterTypes);
    }

    // ---- parameter predicates ----

    public static Predicate<Type[]> none() {
        return p -> p.length == 0;
    }

    /** Exactly these parameter types, by descriptor ("Ljava/lang/String;", "I", ...). */
    public static Predicate<Type[]> exactly(String... descriptors) {
        return p -> {
            if (p.length != descriptors.length) {
                return false;
            }
            for (int i = 0; i < p.length; i++) {
                if (!p[i].getDescriptor().equals(descriptors[i])) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The first parameter has this descriptor, whatever follows. */
    public static Predicate<Type[]> first(String descriptor) {
        return p -> p.length > 0 && p[0].getDescriptor().equals(descriptor);
    }

    public static Predicate<Type[]> count(int... counts) {
        return p -> Arrays.stream(counts).anyMatch(c -> c == p.length);
    }

    @Override
    public String toString() {
        return "rule" + names;
    }
}
