package io.querylens.instrument.servlet;

import io.querylens.bootstrap.ServletReader;
import io.querylens.bootstrap.ServletSink;
import io.querylens.bootstrap.WorkSink;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Every HTTP request through {@code HttpServlet.service(ServletRequest, ServletResponse)} (jakarta or javax)
 * is a unit of work. The woven code hands over the servlet and the container's objects untyped. They are
 * read through the servlet itself, whose class implements {@link ServletReader} when it was defined after
 * the agent started ({@link ServletReaders}); else through method handles on the servlet API interfaces of
 * the loader that defined them. Which interfaces a request or response class implements is found once per
 * class and kept in a {@link ClassValue} (no map that could pin a web application's loader). A request that
 * is not an HTTP request is not tracked.
 *
 * <p>The route (the handler's pattern, e.g. {@code /orders/{id}}) is read from the request attribute that
 * Spring MVC's handler mappings set, and only for a servlet that can have set it: one extending Spring's
 * {@code FrameworkServlet} (the {@code DispatcherServlet}). For any other servlet the unit is named by its
 * normalized URI without asking: in Tomcat, looking an absent attribute up cost each request about 1.2 µs of
 * the request thread's CPU under the demo's load (async-profiler), where Spring MVC sets it.
 */
public final class ServletRequests implements ServletSink {
    static final String ROUTE_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
    /** The servlet class that dispatches through Spring MVC's handler mappings, which set the route attribute. */
    static final String SPRING_SERVLET = "org.springframework.web.servlet.FrameworkServlet";

    /** Whether a servlet class extends {@link #SPRING_SERVLET}; by name, whichever loader defined it. */
    private static final ClassValue<Boolean> SETS_ROUTE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(SPRING_SERVLET)) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        }
    };

    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            return Accessors.of(type);
        }
    };

    private final WorkSink work;

    public ServletRequests(WorkSink work) {
        this.work = work;
    }

    @Override
    public Object enter(Object servlet, Object request) {
        if (request == null) {
            return null;
        }
        Accessors a = ACCESSORS.get(request.getClass());
        if (a.method == null) {
            return null;
        }
        String method;
        String uri;
        String traceparent;
        if (servlet instanceof ServletReader) {
            ServletReader r = (ServletReader) servlet;
            method = r.querylens$method(request);
            uri = r.querylens$uri(request);
            traceparent = r.querylens$header(request, "traceparent");
        } else {
            try {
                // exact invocations of handles typed (Object)String and (Object, String)String: no adaptation
                method = (String) a.method.invokeExact(request);
                uri = (String) a.uri.invokeExact(request);
                traceparent = (String) a.header.invokeExact(request, "traceparent");
            } catch (Throwable t) {
                throw new IllegalStateException("cannot read the request", t);
            }
        }
        return work.beginRequest(method, uri, traceparent);
    }

    @Override
    public void exit(Object token, Object servlet, Object request, Object response, Throwable error) {
        if (token == null) {
            return;
        }
        int status = 0;
        ServletReader reader = servlet instanceof ServletReader ? (ServletReader) servlet : null;
        try {
            Accessors req = ACCESSORS.get(request.getClass());
            if (req.attribute != null && servlet != null && SETS_ROUTE.get(servlet.getClass())) {
                Object route = reader != null ? reader.querylens$attribute(request, ROUTE_ATTRIBUTE)
                        : (Object) req.attribute.invokeExact(request, ROUTE_ATTRIBUTE);
                if (route instanceof String) {
                    work.route((String) route);
                }
            }
            Accessors res = response == null ? Accessors.NONE : ACCESSORS.get(response.getClass());
            if (res.status != null) { // the response's API has getStatus()
                status = reader != null ? reader.querylens$status(response) : (int) res.status.invokeExact(response);
            }
        } catch (Throwable t) {
            // the unit still ends below, without a route or status
        }
        work.endRequest(token, status, error);
    }

    /** The servlet API methods of one request or response class; all null when it implements neither. */
    static final class Accessors {
        static final Accessors NONE = new Accessors(null, null, null, null, null);
        final MethodHandle method;
        final MethodHandle uri;
        final MethodHandle header;
        final MethodHandle attribute;
        final MethodHandle status;

        private Accessors(MethodHandle method, MethodHandle uri, MethodHandle header, MethodHandle attribute,
                          MethodHandle status) {
            this.method = method;
            this.uri = uri;
            this.header = header;
            this.attribute = attribute;
            this.status = status;
        }

        static Accessors of(Class<?> type) {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                for (String api : new String[] {"jakarta.servlet.http.", "javax.servlet.http."}) {
                    Class<?> request = find(type, api + "HttpServletRequest");
                    if (request != null) {
                        MethodType string = MethodType.methodType(String.class);
                        return new Accessors(
                                generic(lookup.findVirtual(request, "getMethod", string)),
                                generic(lookup.findVirtual(request, "getRequestURI", string)),
                                generic(lookup.findVirtual(request, "getHeader",
                                        MethodType.methodType(String.class, String.class))),
                                generic(lookup.findVirtual(request, "getAttribute",
                                        MethodType.methodType(Object.class, String.class))),
                                null);
                    }
                    Class<?> response = find(type, api + "HttpServletResponse");
                    if (response != null) {
                        return new Accessors(null, null, null, null,
                                generic(lookup.findVirtual(response, "getStatus", MethodType.methodType(int.class))));
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError unusable) {
                // an API without these methods (a servlet 2.x response has no getStatus): not tracked
            }
            return NONE;
        }

        private static MethodHandle generic(MethodHandle h) {
            return h.asType(h.type().changeParameterType(0, Object.class));
        }

        /** The interface named {@code name} among everything {@code type} implements, or null. */
        static Class<?> find(Class<?> type, String name) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                Class<?> found = findInterface(c, name, 0);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }

        private static Class<?> findInterface(Class<?> type, String name, int depth) {
            if (depth > 16) {
                return null;
            }
            for (Class<?> i : type.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
                Class<?> found = findInterface(i, name, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
    }
}
