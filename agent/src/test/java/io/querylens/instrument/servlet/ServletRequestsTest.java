package io.querylens.instrument.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.bootstrap.ServletReader;
import io.querylens.bootstrap.WorkSink;
import io.querylens.instrument.Weaver;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A request is read the same through the servlet woven into a {@link ServletReader} (the container's own
 * {@code HttpServlet}, jakarta or javax, woven and injected as the agent does, with a servlet subclass
 * defined with it) and through method handles (a servlet class that is not a reader: defined before the
 * agent started). Requests and responses are proxies of the servlet API interfaces. Only a servlet of Spring
 * MVC's (by its class's name) is asked for the route attribute it sets.
 */
class ServletRequestsTest {
    @ParameterizedTest
    @ValueSource(strings = {"jakarta", "javax"})
    void theWovenServletReadsTheRequestAsTheHandlesDo(String api) throws Exception {
        ClassLoader loader = wovenServletLoader(api);
        Object servlet = loader.loadClass("ql.test.OrdersServlet").getConstructor().newInstance();
        assertTrue(servlet instanceof ServletReader, "the woven HttpServlet is a reader, and so its subclass");
        Object request = proxy(loader, api + ".servlet.http.HttpServletRequest", Map.of(
                "getMethod", "POST", "getRequestURI", "/orders/17", "getHeader:traceparent", "00-abc-def-01",
                "getAttribute:" + ServletRequests.ROUTE_ATTRIBUTE, "/orders/{id}"));
        Object response = proxy(loader, api + ".servlet.http.HttpServletResponse", Map.of("getStatus", 201));

        ServletReader reader = (ServletReader) servlet;
        assertEquals("POST", reader.querylens$method(request));
        assertEquals("/orders/17", reader.querylens$uri(request));
        assertEquals("00-abc-def-01", reader.querylens$header(request, "traceparent"));
        assertNull(reader.querylens$header(request, "other"));
        assertEquals(201, reader.querylens$status(response));
        // not HTTP: a plain ServletRequest and ServletResponse
        Object plainRequest = proxy(loader, api + ".servlet.ServletRequest", Map.of());
        assertNull(reader.querylens$method(plainRequest));
        assertNull(reader.querylens$attribute(plainRequest, "x"));
        assertEquals(0, reader.querylens$status(proxy(loader, api + ".servlet.ServletResponse", Map.of())));

        // Spring MVC's servlets, through the reader and through the handles, read the route it sets
        Object springReader = loader.loadClass("ql.test.DispatcherServlet").getConstructor().newInstance();
        Object springHandles = springNamedLoader().loadClass("ql.test.DispatcherServlet").getConstructor().newInstance();
        assertTrue(springReader instanceof ServletReader);
        assertFalse(springHandles instanceof ServletReader);
        for (Object through : new Object[] {springReader, springHandles}) {
            assertEquals(List.of("begin POST /orders/17 00-abc-def-01", "route /orders/{id}", "end 201"),
                    serve(through, request, response), "read through " + through.getClass().getName());
            assertNull(new ServletRequests(new Recorder()).enter(through, plainRequest),
                    "a request that is not HTTP is not tracked");
        }
        // any other servlet cannot have set it: the request is not asked
        List<String> asked = new ArrayList<>();
        Object counted = proxy(loader, api + ".servlet.http.HttpServletRequest", Map.of(
                "getMethod", "POST", "getRequestURI", "/orders/17", "getHeader:traceparent", "00-abc-def-01",
                "getAttribute:" + ServletRequests.ROUTE_ATTRIBUTE, "/orders/{id}"), asked);
        for (Object through : new Object[] {servlet, new Object()}) {
            asked.clear();
            assertEquals(List.of("begin POST /orders/17 00-abc-def-01", "end 201"), serve(through, counted, response),
                    "read through " + through.getClass().getName());
            assertEquals(List.of("getMethod", "getRequestURI", "getHeader"), asked);
            assertNull(new ServletRequests(new Recorder()).enter(through, plainRequest),
                    "a request that is not HTTP is not tracked");
        }
    }

    /** What one request through {@code servlet} tells the tracker. */
    private static List<String> serve(Object servlet, Object request, Object response) {
        Recorder work = new Recorder();
        ServletRequests requests = new ServletRequests(work);
        Object token = requests.enter(servlet, request);
        requests.exit(token, servlet, request, response, null);
        return work.calls;
    }

    /** A loader defining Spring's servlet by name, as a plain class (not a reader), and a subclass of it. */
    private static ClassLoader springNamedLoader() {
        String spring = ServletRequests.SPRING_SERVLET.replace('.', '/');
        return loader(Map.of(ServletRequests.SPRING_SERVLET, subclass(spring, "java/lang/Object"),
                "ql.test.DispatcherServlet", subclass("ql/test/DispatcherServlet", spring)));
    }

    /** A loader defining {@code classes} (binary name to class file) itself, before asking its parent. */
    private static ClassLoader loader(Map<String, byte[]> classes) {
        return new ClassLoader(ServletRequestsTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                byte[] own = classes.get(name);
                if (own == null) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> done = findLoadedClass(name);
                    return done != null ? done : defineClass(name, own, 0, own.length);
                }
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"jakarta", "javax"})
    void injectingTwiceChangesNothing(String api) throws Exception {
        byte[] once = ServletReaders.inject(woven(api), api);
        assertTrue(Arrays.asList(new ClassReader(once).getInterfaces()).contains("io/querylens/bootstrap/ServletReader"));
        assertSame(once, ServletReaders.inject(once, api), "a reader already: unchanged");
    }

    private static byte[] woven(String api) throws Exception {
        return Weaver.weave(bytes(api + "/servlet/http/HttpServlet"), ServletInstrumentation.rules(api), false);
    }

    /**
     * A loader defining the woven and injected {@code HttpServlet} of {@code api}, a subclass of it, and
     * Spring's servlet by name with a subclass.
     */
    private static ClassLoader wovenServletLoader(String api) throws Exception {
        String servlet = api + "/servlet/http/HttpServlet";
        byte[] base = ServletReaders.inject(woven(api), api);
        String spring = ServletRequests.SPRING_SERVLET.replace('.', '/');
        return loader(Map.of(servlet.replace('/', '.'), base,
                "ql.test.OrdersServlet", subclass("ql/test/OrdersServlet", servlet),
                ServletRequests.SPRING_SERVLET, subclass(spring, servlet),
                "ql.test.DispatcherServlet", subclass("ql/test/DispatcherServlet", spring)));
    }

    private static byte[] subclass(String name, String superName) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, name, null, superName, null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** A proxy of interface {@code type} answering method "name" or "name:firstArgument" from {@code answers}. */
    private static Object proxy(ClassLoader loader, String type, Map<String, Object> answers) throws Exception {
        return proxy(loader, type, answers, new ArrayList<>());
    }

    /** As above, adding the name of each method called to {@code asked}. */
    private static Object proxy(ClassLoader loader, String type, Map<String, Object> answers, List<String> asked)
            throws Exception {
        Class<?> api = loader.loadClass(type);
        return Proxy.newProxyInstance(loader, new Class<?>[] {api}, (p, m, args) -> {
            asked.add(m.getName());
            Object answer = answers.get(args == null ? m.getName() : m.getName() + ":" + args[0]);
            if (answer == null && m.getReturnType() == int.class) {
                return 0;
            }
            return answer;
        });
    }

    private static byte[] bytes(String internalName) throws Exception {
        try (InputStream in = ServletRequestsTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    private static final class Recorder implements WorkSink {
        final List<String> calls = new ArrayList<>();

        @Override
        public Object beginExplicit(String name) {
            return null;
        }

        @Override
        public void endExplicit(Object token) {}

        @Override
        public Object beginRequest(String method, String path, String traceparent) {
            calls.add("begin " + method + " " + path + " " + traceparent);
            return "token";
        }

        @Override
        public void route(String route) {
            calls.add("route " + route);
        }

        @Override
        public void endRequest(Object token, int status, Throwable error) {
            calls.add("end " + status);
        }
    }
}
