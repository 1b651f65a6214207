package io.querylens.instrument.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Recognises JDBC implementation classes, caching the answer per class name.
 *
 * <p>A transformer sees a class before the JVM loads its supertypes, so a supertype not seen yet is resolved
 * through the type pool (its class file is read, not loaded). Every answer, positive or negative, is cached
 * by name, so a class file is read about once however many subtypes it has, instead of once per subtype as
 * a plain hierarchy matcher does. The cache is bounded; past the bound answers are computed again, never
 * wrong. Types loaded before an attach are seeded from the loaded classes.
 */
public final class JdbcTypes {
    public static final int CONNECTION = 1, STATEMENT = 2, PREPARED = 4, RESULT_SET = 8, DATA_SOURCE = 16;
    static final int MAX_KNOWN = 32_768;
    private static final int MAX_DEPTH = 32;

    private static final Map<String, Integer> KNOWN = new ConcurrentHashMap<>();
    private static final AtomicLong REFUSED = new AtomicLong();

    static {
        KNOWN.put("java.sql.Connection", CONNECTION);
        KNOWN.put("java.sql.Statement", STATEMENT);
        KNOWN.put("java.sql.PreparedStatement", STATEMENT | PREPARED);
        KNOWN.put("java.sql.CallableStatement", STATEMENT | PREPARED);
        KNOWN.put("java.sql.ResultSet", RESULT_SET);
        KNOWN.put("javax.sql.DataSource", DATA_SOURCE);
    }

    private JdbcTypes() {}

    /** The JDBC kinds of {@code type} (bits), 0 when none. */
    static int kinds(TypeDescription type) {
        return kinds(type, 0);
    }

    private static int kinds(TypeDefinition type, int depth) {
        String name = type.asErasure().getName();
        Integer cached = KNOWN.get(name);
        if (cached != null) {
            return cached;
        }
        if (depth > MAX_DEPTH || name.startsWith("java.") || name.startsWith("javax.") && !name.startsWith("javax.sql.")) {
            return 0; // the JDK's own JDBC interfaces are seeded; nothing else in java.* is JDBC
        }
        int kinds = 0;
        try {
            TypeDescription.Generic superClass = type.getSuperClass();
            if (superClass != null) {
                kinds |= kinds(superClass.asErasure(), depth + 1);
            }
            for (TypeDescription.Generic i : type.getInterfaces()) {
                kinds |= kinds(i.asErasure(), depth + 1);
            }
        } catch (RuntimeException unresolvable) {
            return kinds; // a supertype whose class file cannot be found: not cached, asked again later
        }
        remember(name, kinds);
        return kinds;
    }

    static void remember(String name, int kinds) {
        if (KNOWN.size() < MAX_KNOWN || kinds != 0) {
            KNOWN.merge(name, kinds, (a, b) -> a | b);
        } else {
            REFUSED.incrementAndGet();
        }
    }

    /** Seeds the names of already loaded JDBC classes (attach), so their subclasses loaded later match. */
    public static void seed(Class<?>[] loaded) {
        for (Class<?> c : loaded) {
            try {
                int k = 0;
                if (java.sql.Connection.class.isAssignableFrom(c)) {
                    k |= CONNECTION;
                }
                if (java.sql.Statement.class.isAssignableFrom(c)) {
                    k |= STATEMENT;
                }
                if (java.sql.PreparedStatement.class.isAssignableFrom(c)) {
                    k |= PREPARED;
                }
                if (java.sql.ResultSet.class.isAssignableFrom(c)) {
                    k |= RESULT_SET;
                }
                if (javax.sql.DataSource.class.isAssignableFrom(c)) {
                    k |= DATA_SOURCE;
                }
                if (k != 0) {
                    remember(c.getName(), k);
                }
            } catch (Throwable ignored) {
                // a class that cannot be inspected is not ours to instrument
            }
        }
    }

    public static long refused() {
        return REFUSED.get();
    }

    /** Concrete or abstract classes (not interfaces) of any of {@code kinds}. */
    static ElementMatcher<TypeDescription> classOf(int kinds) {
        return new ElementMatcher<TypeDescription>() {
            @Override
            public boolean matches(TypeDescription type) {
                // kinds() first, for interfaces too: a driver's own interfaces extend the java.sql ones
                int k = JdbcTypes.kinds(type);
                return (k & kinds) != 0 && !type.isInterface() && !type.isAnnotation();
            }

            @Override
            public String toString() {
                return "jdbcClassOf(" + kinds + ")";
            }
        };
    }
}
