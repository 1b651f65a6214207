package io.querylens.work;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where a unit of work's trace comes from: an incoming W3C {@code traceparent} header, or the span the
 * application has active through its own OpenTelemetry API (which the OpenTelemetry Java agent, when
 * present, backs with its own context). Asked once per unit of work, at its start, never per statement.
 *
 * <p>The application's OpenTelemetry API is reached by reflection through the thread's context class
 * loader; the methods found (or their absence) are cached per class loader, weakly, so a JVM without
 * OpenTelemetry pays one cache lookup per unit of work. The class name is assembled at run time because
 * the shade plugin rewrites string constants that look like {@code io.opentelemetry...} to the agent's own
 * relocated copy, which the application does not use.
 */
public class TraceParents {
    private static final String SPAN_CLASS = String.join(".", "io", "opentelemetry", "api", "trace", "Span");
    private static final int MAX_LOADERS = 64;
    private static final Handles ABSENT = new Handles(null, null, null, null, null, null, null);

    private final Map<ClassLoader, Handles> byLoader = new WeakHashMap<>();
    private volatile Last last = new Last(null, ABSENT);

    /** The traceparent of the application's current OpenTelemetry span, or null when there is none. */
    public String current() {
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null) {
                return null;
            }
            Handles h = handles(cl);
            return h == ABSENT ? null : h.traceparent();
        } catch (Throwable t) {
            return null;
        }
    }

    private Handles handles(ClassLoader cl) {
        Last l = last;
        if (l.loader.get() == cl) {
            return l.handles;
        }
        Handles h;
        synchronized (byLoader) {
            h = byLoader.get(cl);
        }
        if (h == null) {
            h = Handles.find(cl);
            synchronized (byLoader) {
                if (byLoader.size() < MAX_LOADERS) {
                    byLoader.put(cl, h);
                }
            }
        }
        last = new Last(cl, h);
        return h;
    }

    /**
     * A valid W3C traceparent ({@code 00-<32 hex>-<16 hex>-<2 hex>}, lower case, ids not all zero), trimmed
     * to its version-00 form; null for anything else. A later version is accepted by its first 55 characters.
     */
    public static String valid(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() < 55 || (h.length() > 55 && h.charAt(55) != '-')) {
            return null;
        }
        if (h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
            return null;
        }
        if (!hex(h, 0, 2) || h.startsWith("ff") || !hex(h, 3, 35) || !hex(h, 36, 52) || !hex(h, 53, 55)) {
            return null;
        }
        if (h.startsWith("00") && h.length() != 55) {
            return null;
        }
        if (zeros(h, 3, 35) || zeros(h, 36, 52)) {
            return null;
        }
        return h.length() == 55 && h.startsWith("00") ? h : "00" + h.substring(2, 55);
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static final class Last {
        final WeakReference<ClassLoader> loader;
        final Handles handles;

        Last(ClassLoader loader, Handles handles) {
            this.loader = new WeakReference<>(loader);
            this.handles = handles;
        }
    }

    /** Reflective access to {@code Span.current().getSpanContext()} of one class loader's OpenTelemetry API. */
    private static final class Handles {
        final Method current;
        final Method spanContext;
        final Method isValid;
        final Method traceId;
        final Method spanId;
        final Method flags;
        final Method flagsHex;

        Handles(Method current, Method spanContext, Method isValid, Method traceId, Method spanId, Method flags,
                Method flagsHex) {
            this.current = current;
            this.spanContext = spanContext;
            this.isValid = isValid;
            this.traceId = traceId;
            this.spanId = spanId;
            this.flags = flags;
            this.flagsHex = flagsHex;
        }

        static Handles find(ClassLoader cl) {
            try {
                Class<?> span = Class.forName(SPAN_CLASS, false, cl);
                Method current = span.getMethod("current");
                Method spanContext = span.getMethod("getSpanContext");
                Class<?> ctx = spanContext.getReturnType();
                Method flags = ctx.getMethod("getTraceFlags");
                return new Handles(current, spanContext, ctx.getMethod("isValid"), ctx.getMethod("getTraceId"),
                        ctx.getMethod("getSpanId"), flags, flags.getReturnType().getMethod("asHex"));
            } catch (Throwable absent) {
                return ABSENT;
            }
        }

        String traceparent() throws ReflectiveOperationException {
            Object span = current.invoke(null);
            if (span == null) {
                return null;
            }
            Object ctx = spanContext.invoke(span);
            if (ctx == null || !Boolean.TRUE.equals(isValid.invoke(ctx))) {
                return null;
            }
            Object f = flags.invoke(ctx);
            String tp = "00-" + traceId.invoke(ctx) + "-" + spanId.invoke(ctx) + "-" + (f == null ? "01" : flagsHex.invoke(f));
            return valid(tp);
        }
    }
}
