package io.querylens.bootstrap;

/** Per-object agent state: the injected field when there is one, else the bounded fallback table. */
public final class State {
    private static final WeakIdentityTable FALLBACK = new WeakIdentityTable(1 << 16);

    /**
     * What woven code passes for "this object's state" when its class has no state field (it was
     * retransformed, or lives in a named module): the hook then looks the object up with {@link #get}.
     */
    public static final Object NO_FIELD = new Object();

    private State() {}

    /** {@code state} as woven code passed it: the field's value, or the object's state looked up. */
    public static Object of(Object o, Object state) {
        return state == NO_FIELD ? get(o) : state;
    }

    public static Object get(Object o) {
        if (o instanceof StateHolder) {
            return ((StateHolder) o).querylens$state();
        }
        return o == null ? null : FALLBACK.get(o);
    }

    public static void set(Object o, Object state) {
        if (o instanceof StateHolder) {
            ((StateHolder) o).querylens$state(state);
        } else if (o != null) {
            FALLBACK.put(o, state);
        }
    }

    /** Objects whose state the fallback table had to drop because it was full. */
    public static long fallbackEvictions() {
        return FALLBACK.evictions();
    }
}
