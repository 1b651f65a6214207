package io.querylens.instrument.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Recognises JDBC implementation classes without resolving class hierarchies.
 *
 * <p>A hierarchy matcher ({@code hasSuperType}) parses the class files of every supertype of every class
 * the application loads, which is what makes agents slow to start. Here a type is a JDBC type when its
 * superclass or one of its direct interfaces is a JDBC interface or an already recognised JDBC type: only
 * the names in the class file's header are read. This works because the JVM loads a class's supertypes
 * before the class itself; types loaded before the agent are seeded from the loaded classes at attach.
 */
public final class JdbcTypes {
    public static final int CONNECTION = 1, STATEMENT = 2, PREPARED = 4, RESULT_SET = 8, DATA_SOURCE = 16;
    static final int MAX_KNOWN = 20_000;

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

    /** The JDBC kinds of {@code type} (bits), recording it for its subtypes; 0 when none. */
    static int kinds(TypeDescription type) {
        Integer cached = KNOWN.get(type.getName());
        if (cached != null) {
            return cached;
        }
        int kinds = 0;
        TypeDescription.Generic superClass = type.getSuperClass();
        if (superClass != null) {
            kinds |= known(superClass);
        }
        for (TypeDescription.Generic i : type.getInterfaces()) {
            kinds |= known(i);
        }
        if (kinds != 0) {
            remember(type.getName(), kinds);
        }
        return kinds;
    }

    private static int known(TypeDefinition t) {
        Integer k = KNOWN.get(t.asErasure().getName());
        return k == null ? 0 : k;
    }

    static void remember(String name, int kinds) {
        if (KNOWN.size() < MAX_KNOWN) {
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
