package io.querylens.bootstrap;

/** Per-object agent state: the injected field when there is one, else the bounded fallback table. */
public final class State {
    private static final WeakIdentityTable FALLBACK = new WeakIdentityTable(1 << 16);

    private State() {}

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
