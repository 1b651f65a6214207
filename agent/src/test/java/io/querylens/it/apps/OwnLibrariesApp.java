package io.querylens.it.apps;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * An application that carries its own ByteBuddy, ASM, OpenTelemetry API/SDK and JSqlParser, in versions other than
 * the agent's. Run with those jars on its class path; prints one line per check and exits 1 on the first
 * failure. Reflection keeps this class compilable without those libraries on the test class path.
 */
public final class OwnLibrariesApp {
    static final List<String> failures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        // ByteBuddy: generate and load a class
        Object bb = Class.forName("net.bytebuddy.ByteBuddy").getConstructor().newInstance();
        Object builder = bb.getClass().getMethod("subclass", Class.class).invoke(bb, Object.class);
        builder = builder.getClass().getMethod("name", String.class).invoke(builder, "app.Generated");
        Object unloaded = builder.getClass().getMethod("make").invoke(builder);
        Method load = unloaded.getClass().getMethod("load", ClassLoader.class);
        Object loaded = load.invoke(unloaded, OwnLibrariesApp.class.getClassLoader());
        Class<?> generated = (Class<?>) loaded.getClass().getMethod("getLoaded").invoke(loaded);
        check("bytebuddy generated " + generated.getName(), generated.getName().equals("app.Generated"));
        origin("net.bytebuddy.ByteBuddy", args[0]);

        // ASM (the agent weaves with its own, relocated): read this class's own file
        Object reader;
        try (java.io.InputStream in = OwnLibrariesApp.class.getResourceAsStream("OwnLibrariesApp.class")) {
            reader = Class.forName("org.objectweb.asm.ClassReader").getConstructor(byte[].class)
                    .newInstance((Object) in.readAllBytes());
        }
        String read = (String) reader.getClass().getMethod("getClassName").invoke(reader);
        check("asm read " + read, read.equals("io/querylens/it/apps/OwnLibrariesApp"));
        origin("org.objectweb.asm.ClassReader", args[3]);

        // JSqlParser: parse a statement
        Class<?> util = Class.forName("net.sf.jsqlparser.parser.CCJSqlParserUtil");
        Object stmt = util.getMethod("parse", String.class).invoke(null, "SELECT a FROM b WHERE c = 1");
        check("jsqlparser parsed " + stmt, String.valueOf(stmt).equals("SELECT a FROM b WHERE c = 1"));
        origin("net.sf.jsqlparser.parser.CCJSqlParserUtil", args[1]);

        // OpenTelemetry: the application's own SDK records its own span, around a JDBC statement
        Class<?> sdkTracerProvider = Class.forName("io.opentelemetry.sdk.trace.SdkTracerProvider");
        Object tpBuilder = sdkTracerProvider.getMethod("builder").invoke(null);
        Object tracerProvider = tpBuilder.getClass().getMethod("build").invoke(tpBuilder);
        // through the API interfaces: the SDK's implementation classes are not public
        Object tracer = Class.forName("io.opentelemetry.api.trace.TracerProvider").getMethod("get", String.class)
                .invoke(tracerProvider, "app");
        Object spanBuilder = Class.forName("io.opentelemetry.api.trace.Tracer").getMethod("spanBuilder", String.class)
                .invoke(tracer, "app-span");
        Object span = Class.forName("io.opentelemetry.api.trace.SpanBuilder").getMethod("startSpan").invoke(spanBuilder);
        Object ctx = Class.forName("io.opentelemetry.api.trace.Span").getMethod("getSpanContext").invoke(span);
        boolean valid = (Boolean) Class.forName("io.opentelemetry.api.trace.SpanContext").getMethod("isValid").invoke(ctx);
        check("opentelemetry span context valid", valid);
        origin("io.opentelemetry.sdk.trace.SdkTracerProvider", args[2]);

        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:own");
             PreparedStatement ps = c.prepareStatement("select 1")) {
            try (ResultSet rs = ps.executeQuery()) {
                check("jdbc still works", rs.next() && rs.getInt(1) == 1);
            }
        }
        Class.forName("io.opentelemetry.api.trace.Span").getMethod("end").invoke(span);

        for (String hidden : new String[] {"io.querylens.AgentRuntime", "io.querylens.shaded.asm.ClassReader",
                "io.querylens.shaded.opentelemetry.api.trace.Span"}) {
            boolean visible;
            try {
                Class.forName(hidden);
                visible = true;
            } catch (ClassNotFoundException expected) {
                visible = false;
            }
            check("agent class " + hidden + " invisible", !visible);
        }
        if (!failures.isEmpty()) {
            System.out.println("FAILED: " + failures);
            System.exit(1);
        }
        System.out.println("isolation ok");
    }

    private static void origin(String className, String expectedJarFragment) throws Exception {
        String where = String.valueOf(Class.forName(className).getProtectionDomain().getCodeSource().getLocation());
        check(className + " from " + where, where.contains(expectedJarFragment));
    }

    private static void check(String what, boolean ok) {
        System.out.println((ok ? "ok: " : "FAIL: ") + what);
        if (!ok) {
            failures.add(what);
        }
    }
}
