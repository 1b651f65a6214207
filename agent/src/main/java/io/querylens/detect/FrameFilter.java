package io.querylens.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tells the application's own stack frames from everyone else's: the JDK, drivers, pools, ORMs,
 * frameworks, generated proxies and the agent itself.
 *
 * <p>The agent is skipped by its exact packages ({@link #AGENT_PACKAGES}), not by {@code io.querylens.} as
 * a prefix, so an application living under {@code io.querylens} (the demo is {@code io.querylens.demo})
 * is still found. The application's packages, when known, win over the framework list, so an application
 * under a framework's prefix ({@code org.springframework.samples.petclinic}) is found too.
 */
public final class FrameFilter {
    /** The agent's own packages: never a call site. Classes directly in {@code io.querylens} are the agent's too. */
    public static final List<String> AGENT_PACKAGES = List.of("io.querylens.bootstrap", "io.querylens.instrument",
            "io.querylens.sql", "io.querylens.work", "io.querylens.detect", "io.querylens.stats",
            "io.querylens.export", "io.querylens.shaded", "io.querylens.api");

    /** Libraries whose frames are never the application's call site (prefixes of class names). */
    static final List<String> FRAMEWORKS = List.of(
            // the platform and JVM languages
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.", "kotlin.", "kotlinx.", "scala.", "groovy.",
            "org.codehaus.groovy.", "org.apache.groovy.",
            // JDBC drivers
            "org.h2.", "org.postgresql.", "org.mariadb.", "com.mysql.", "oracle.", "com.microsoft.sqlserver.",
            "org.hsqldb.", "org.apache.derby.", "org.sqlite.", "com.ibm.db2.", "net.sourceforge.jtds.",
            "org.firebirdsql.", "com.clickhouse.", "org.duckdb.", "net.snowflake.",
            // pools and JDBC wrappers
            "com.zaxxer.hikari.", "org.apache.commons.", "org.apache.tomcat.", "com.mchange.", "org.vibur.",
            "com.alibaba.druid.", "io.agroal.", "com.p6spy.", "net.ttddyy.dsproxy.", "net.sf.log4jdbc.",
            // ORMs and data access
            "org.hibernate.", "org.eclipse.persistence.", "org.apache.openjpa.", "org.apache.ibatis.", "org.mybatis.",
            "org.jooq.", "org.jdbi.", "com.querydsl.", "io.ebean.", "io.ebeaninternal.", "org.apache.cayenne.",
            "org.sql2o.", "com.blazebit.", "org.flywaydb.", "liquibase.",
            // frameworks, servers, reactive and proxy libraries
            "org.springframework.", "io.micronaut.", "io.quarkus.", "io.smallrye.", "org.jboss.", "io.helidon.",
            "io.dropwizard.", "org.glassfish.", "org.eclipse.jetty.", "io.undertow.", "org.apache.catalina.",
            "org.apache.coyote.", "io.netty.", "reactor.", "io.reactivex.", "io.vertx.", "akka.", "org.apache.pekko.",
            "com.google.inject.", "com.google.common.", "org.aspectj.", "net.bytebuddy.", "org.objenesis.",
            "javassist.", "net.sf.cglib.", "org.apache.camel.", "org.quartz.", "com.fasterxml.jackson.",
            // observability, logging, tests and build tools
            "io.opentelemetry.", "co.elastic.apm.", "com.newrelic.", "datadog.", "io.micrometer.", "brave.",
            "org.slf4j.", "ch.qos.logback.", "org.apache.logging.", "org.junit.", "junit.", "org.testng.",
            "org.mockito.", "org.apache.maven.", "org.gradle.", "worker.org.gradle.");

    /**
     * Markers of generated classes: proxies, enhancers, mocks. {@code $HibernateProxy} has no trailing
     * {@code $}: Hibernate 5 named proxies {@code Customer$HibernateProxy$x1y2}, Hibernate 6.6 names them
     * {@code Customer$HibernateProxy}.
     */
    static final List<String> PROXY_MARKERS = List.of("$HibernateProxy", "$$_javassist", "$ByteBuddy$",
            "$$SpringCGLIB$$", "$$EnhancerBySpringCGLIB$$", "$$FastClassBySpringCGLIB$$", "$$EnhancerByCGLIB$$",
            "$MockitoMock$", "$Proxy");

    private final String[] appPrefixes;
    private final String[] skipPrefixes;
    private final String[] agentPrefixes;
    private final List<String> appPackages;
    private final List<String> extraSkips;
    private final List<String> agentPackages;

    /**
     * @param appPackages   the application's packages (empty when unknown)
     * @param extraSkips    more class-name prefixes to treat as library code, e.g. the application's own
     *                      JDBC helper ({@code com.shop.db.Jdbc}); a trailing {@code *} is ignored
     */
    public FrameFilter(List<String> appPackages, List<String> extraSkips) {
        this(appPackages, extraSkips, AGENT_PACKAGES);
    }

    /** With a different list of agent packages: for tests whose own classes live in an agent package. */
    public FrameFilter(List<String> appPackages, List<String> extraSkips, List<String> agentPackages) {
        this.appPackages = List.copyOf(appPackages);
        this.extraSkips = List.copyOf(extraSkips);
        this.agentPackages = List.copyOf(agentPackages);
        this.appPrefixes = prefixes(appPackages);
        List<String> skips = new ArrayList<>(FRAMEWORKS);
        for (String s : extraSkips) {
            String t = s.trim();
            if (t.endsWith("*")) {
                t = t.substring(0, t.length() - 1);
            }
            if (!t.isEmpty()) {
                skips.add(t);
            }
        }
        this.skipPrefixes = skips.toArray(new String[0]);
        this.agentPrefixes = prefixes(agentPackages);
    }

    private static String[] prefixes(List<String> packages) {
        List<String> out = new ArrayList<>();
        for (String p : packages) {
            String t = p.trim();
            if (t.endsWith(".*")) {
                t = t.substring(0, t.length() - 1);
            }
            if (!t.isEmpty()) {
                out.add(t.endsWith(".") ? t : t + ".");
            }
        }
        return out.toArray(new String[0]);
    }

    /** This filter with more library prefixes (e.g. extension detectors, whose frames report findings). */
    public FrameFilter withSkips(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> skips = new ArrayList<>(extraSkips);
        skips.addAll(more);
        return new FrameFilter(appPackages, skips, agentPackages);
    }

    public boolean appPackagesKnown() {
        return appPrefixes.length > 0;
    }

    public List<String> appPackages() {
        List<String> out = new ArrayList<>();
        for (String p : appPrefixes) {
            out.add(p.substring(0, p.length() - 1));
        }
        return out;
    }

    /** The agent's own code, or a generated proxy: never a call site, whatever the application's packages. */
    public boolean isAgentOrProxy(String className) {
        for (String p : agentPrefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        if (className.startsWith("io.querylens.") && className.indexOf('.', "io.querylens.".length()) < 0) {
            return true; // io.querylens.AgentRuntime and its peers
        }
        for (String m : PROXY_MARKERS) {
            if (className.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /** In one of the application's packages (and not the agent's, nor a proxy). */
    public boolean isApplication(String className) {
        if (isAgentOrProxy(className)) {
            return false;
        }
        for (String p : appPrefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** A library's frame: the JDK, a driver, a pool, an ORM, a framework, or a prefix the user added. */
    public boolean isFramework(String className) {
        for (String p : skipPrefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Chooses the call site among frames offered innermost first. With the application's packages known,
     * it is the first frame in them; failing that (and when they are unknown) the first frame that is not
     * the agent's, a proxy or a library's.
     */
    public final class Picker {
        private CallSite fallback;
        private CallSite chosen;

        /** Offers the next frame outward; returns true once the choice is final. */
        public boolean offer(String className, String method, String file, int line) {
            if (chosen != null) {
                return true;
            }
            if (isAgentOrProxy(className)) {
                return false;
            }
            boolean known = appPackagesKnown();
            if (known && isApplication(className) && !userSkipped(className)) {
                chosen = new CallSite(className, method, file, line);
                return true;
            }
            if (fallback == null && !isFramework(className)) {
                fallback = new CallSite(className, method, file, line);
                if (!known) {
                    chosen = fallback;
                    return true;
                }
            }
            return false;
        }

        public CallSite result() {
            return chosen != null ? chosen : fallback != null ? fallback : CallSite.UNKNOWN;
        }
    }

    private boolean userSkipped(String className) {
        for (int i = FRAMEWORKS.size(); i < skipPrefixes.length; i++) {
            if (className.startsWith(skipPrefixes[i])) {
                return true;
            }
        }
        return false;
    }

    public Picker picker() {
        return new Picker();
    }

    /** Picks from a captured stack, innermost first (for tests and for stacks already at hand). */
    public CallSite pick(StackTraceElement[] frames) {
        Picker p = picker();
        for (StackTraceElement f : frames) {
            if (p.offer(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber())) {
                break;
            }
        }
        return p.result();
    }

    @Override
    public String toString() {
        return "FrameFilter{app=" + Arrays.toString(appPrefixes) + '}';
    }
}
