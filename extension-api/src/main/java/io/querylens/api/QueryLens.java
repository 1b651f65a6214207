package io.querylens.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The application's entry point to QueryLens. Without the agent every call is a cheap no-op, so code can
 * use it unconditionally.
 *
 * <pre>{@code
 * try (UnitOfWork u = QueryLens.unitOfWork("nightly-import")) {
 *     importEverything();   // statements here are judged together, as one unit of work
 * }
 * }</pre>
 */
public final class QueryLens {
    private static final MethodHandle BEGIN;
    private static final MethodHandle END;

    static {
        MethodHandle begin = null;
        MethodHandle end = null;
        try {
            // The agent puts its hooks on the bootstrap class path; look there only.
            Class<?> hooks = Class.forName("io.querylens.bootstrap.Hooks", false, null);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            begin = lookup.findStatic(hooks, "beginUnitOfWork", MethodType.methodType(Object.class, String.class));
            end = lookup.findStatic(hooks, "endUnitOfWork", MethodType.methodType(void.class, Object.class));
        } catch (Throwable absent) {
            // no agent: no-op
        }
        BEGIN = begin;
        END = end;
    }

    private QueryLens() {}

    /** True when the QueryLens agent is running in this JVM. */
    public static boolean isActive() {
        return BEGIN != null;
    }

    /**
     * Opens a unit of work named {@code name} on the current thread; close it on the same thread. Units
     * nest: statements belong to the innermost open unit. Never throws.
     */
    public static UnitOfWork unitOfWork(String name) {
        Object token = null;
        if (BEGIN != null) {
            try {
                token = BEGIN.invoke(name == null ? "unnamed" : name);
            } catch (Throwable ignored) {
                // never break the application
            }
        }
        return new UnitOfWork(token);
    }

    static void end(Object token) {
        if (END != null && token != null) {
            try {
                END.invoke(token);
            } catch (Throwable ignored) {
                // never break the application
            }
        }
    }
}
