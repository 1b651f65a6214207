package io.querylens.instrument;

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
    /** When set: a test woven before the enter hook; false skips the enter hook and leaves the token null. */
    final Hook guard;
    /**
     * Leave a method alone when its body calls the method it overrides ({@code super.next()}): that one is
     * woven too, so a hook without an enter (no depth to tell the calls apart) runs once per call.
     */
    final boolean unlessCallingSuper;

    private MethodRule(Set<String> names, Predicate<Type[]> parameters, Hook enter, Hook exit, Hook thrown) {
        this(names, parameters, null, enter, exit, thrown, false);
    }

    private MethodRule(Set<String> names, Predicate<Type[]> parameters, Hook guard, Hook enter, Hook exit,
                       Hook thrown, boolean unlessCallingSuper) {
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
        boolean voidEnter = enter != null && enter.returnType.getSort() == Type.VOID;
        if (guard != null && (enter == null || guard.returnType.getSort() != Type.BOOLEAN
                || !(enter.returnType.getSort() == Type.OBJECT || voidEnter && exit == null && thrown == null))) {
            throw new IllegalArgumentException("a guard needs a boolean test and an enter hook returning a reference,"
                    + " or a void enter hook and no other");
        }
        this.guard = guard;
        this.unlessCallingSuper = unlessCallingSuper;
        this.names = names;
        this.parameters = parameters;
        this.enter = enter;
        this.exit = exit;
        this.thrown = thrown;
    }

    /** Whether any of this rule's hooks takes {@code arg}. */
    boolean takes(Hook.Arg arg) {
        for (Hook h : new Hook[] {guard, enter, exit, thrown}) {
            if (h != null && h.takes(arg)) {
                return true;
            }
        }
        return false;
    }

    public static MethodRule of(Set<String> names, Predicate<Type[]> parameters, Hook enter, Hook exit, Hook thrown) {
        return new MethodRule(names, parameters, enter, exit, thrown);
    }

    /**
     * As {@link #of}, with the enter hook behind {@code guard}: the woven code calls the enter hook only when
     * the guard says so. The guard is small enough for the JIT to compile into the method; the enter hook,
     * rarely called, stays a call, which keeps the method small enough to be inlined into its callers. With
     * a void enter hook and no exit or thrown hook, the woven code is {@code if (guard) enter(...)} alone.
     */
    public static MethodRule guarded(Set<String> names, Predicate<Type[]> parameters, Hook guard, Hook enter,
                                     Hook exit, Hook thrown) {
        return new MethodRule(names, parameters, guard, enter, exit, thrown, false);
    }

    /**
     * As {@link #of}, except in a method whose body calls the method it overrides ({@code super.name(...)}):
     * there the overridden method's hooks run instead, once. For hooks that keep no depth between an enter and
     * an exit, where a woven override calling a woven original would count one call twice.
     */
    public static MethodRule unlessCallingSuper(Set<String> names, Predicate<Type[]> parameters, Hook enter, Hook exit,
                                                Hook thrown) {
        return new MethodRule(names, parameters, null, enter, exit, thrown, true);
    }

    public static MethodRule of(String name, Predicate<Type[]> parameters, Hook enter, Hook exit, Hook thrown) {
        return new MethodRule(Set.of(name), parameters, enter, exit, thrown);
    }

    boolean matches(String name, Type[] parameterTypes) {
        return names.contains(name) && parameters.test(parameterTypes);
    }

    // ---- parameter shapes ----

    public static Params none() {
        return new Params(1, null, 0);
    }

    /** Exactly these parameter types, by descriptor ("Ljava/lang/String;", "I", ...). */
    public static Params exactly(String... descriptors) {
        return new Params(1 << descriptors.length, descriptors, 0);
    }

    /** The first parameter has this descriptor, whatever follows. */
    public static Params first(String descriptor) {
        return new Params(~1, new String[] {descriptor}, 0);
    }

    /** Any parameters, any number. */
    public static Params any() {
        return new Params(~0, null, 0);
    }

    /** {@code counts} parameters (bit n set: n parameters), the first ones as {@code leading} says. */
    public static Params of(int counts, String... leading) {
        return new Params(counts, leading, 0);
    }

    /**
     * Which parameter lists a rule takes: their counts, the descriptors of the first ones, and the kinds of
     * the second. Plain data rather than lambdas: linking a lambda costs a class spun at run time, on the
     * application's thread at start-up.
     */
    public static final class Params implements Predicate<Type[]> {
        private final int counts;
        private final String[] leading;
        private final int secondSorts;

        private Params(int counts, String[] leading, int secondSorts) {
            this.counts = counts;
            this.leading = leading;
            this.secondSorts = secondSorts;
        }

        /** The same, and the second parameter is of one of these {@link Type} sorts. */
        public Params secondOf(int... sorts) {
            int mask = 0;
            for (int sort : sorts) {
                mask |= 1 << sort;
            }
            return new Params(counts, leading, mask);
        }

        @Override
        public boolean test(Type[] p) {
            if (p.length > 31 || (counts & (1 << p.length)) == 0) {
                return false;
            }
            if (leading != null) {
                if (p.length < leading.length) {
                    return false;
                }
                for (int i = 0; i < leading.length; i++) {
                    if (!p[i].getDescriptor().equals(leading[i])) {
                        return false;
                    }
                }
            }
            return secondSorts == 0 || p.length > 1 && (secondSorts & (1 << p[1].getSort())) != 0;
        }
    }

    @Override
    public String toString() {
        return "rule" + names;
    }
}
