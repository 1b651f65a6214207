package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallSiteResolutionTest {
    /** A stack as the JDBC hook sees it: agent, driver, pool, proxy, then the demo application, then Spring. */
    private static final StackTraceElement[] DEMO_STACK = {
            frame("java.lang.StackStreamFactory$AbstractStackWalker", "walk", 1),
            frame("io.querylens.detect.CallSites", "walk", 55),
            frame("io.querylens.work.WorkTracker", "executed", 120),
            frame("io.querylens.instrument.jdbc.JdbcSinkImpl", "executeEnd", 80),
            frame("io.querylens.bootstrap.Hooks", "executeExit", 150),
            frame("org.h2.jdbc.JdbcPreparedStatement", "executeQuery", 110),
            frame("com.zaxxer.hikari.pool.HikariProxyPreparedStatement", "executeQuery", 1),
            frame("org.hibernate.sql.results.jdbc.internal.DeferredResultSetAccess", "executeQuery", 240),
            frame("io.querylens.demo.Customer$HibernateProxy$x1y2", "getName", -1),
            frame("io.querylens.demo.OrderService", "listOrders", 42),
            frame("io.querylens.demo.OrderController", "list", 17),
            frame("org.springframework.web.servlet.FrameworkServlet", "service", 900),
            frame("java.lang.Thread", "run", 840)};

    @Test
    void theDemoApplicationUnderIoQuerylensIsFoundWhileTheAgentsOwnPackagesAreSkipped() {
        FrameFilter f = new FrameFilter(List.of("io.querylens.demo"), List.of());
        assertEquals(new CallSite("io.querylens.demo.OrderService", "listOrders", "OrderService.java", 42),
                f.pick(DEMO_STACK));
    }

    @Test
    void aHibernateSixProxyWithoutSuffixIsNeverTheCallSite() {
        // Hibernate 6.6 names a lazy entity's proxy Customer$HibernateProxy, without the $suffix of 5.x
        StackTraceElement[] stack = DEMO_STACK.clone();
        stack[8] = frame("io.querylens.demo.Customer$HibernateProxy", "getName", -1);
        assertEquals(new CallSite("io.querylens.demo.OrderService", "listOrders", "OrderService.java", 42),
                new FrameFilter(List.of("io.querylens.demo"), List.of()).pick(stack));
        assertEquals("io.querylens.demo.OrderService", new FrameFilter(List.of(), List.of()).pick(stack).className);
    }

    @Test
    void withoutKnownPackagesTheFirstFrameThatIsNoLibraryIsTheCallSite() {
        FrameFilter f = new FrameFilter(List.of(), List.of());
        assertEquals("io.querylens.demo.OrderService", f.pick(DEMO_STACK).className);
    }

    @Test
    void anApplicationUnderAFrameworksPrefixIsFoundWhenItsPackageIsKnown() {
        StackTraceElement[] petclinic = {
                frame("org.postgresql.jdbc.PgPreparedStatement", "executeQuery", 1),
                frame("org.springframework.jdbc.core.JdbcTemplate", "query", 700),
                frame("org.springframework.samples.petclinic.owner.OwnerRepository$$SpringCGLIB$$0", "findById", -1),
                frame("org.springframework.samples.petclinic.owner.OwnerController", "showOwner", 160),
                frame("org.springframework.web.method.support.InvocableHandlerMethod", "invoke", 250)};
        FrameFilter f = new FrameFilter(List.of("org.springframework.samples.petclinic"), List.of());
        assertEquals("org.springframework.samples.petclinic.owner.OwnerController#showOwner:160", id(f.pick(petclinic)));
    }

    @Test
    void withKnownPackagesALibraryMissingFromTheListIsPassedOver() {
        StackTraceElement[] stack = {
                frame("org.h2.jdbc.JdbcStatement", "executeQuery", 1),
                frame("com.acme.dbutils.QueryRunner", "query", 33),
                frame("com.shop.Inventory", "count", 12)};
        assertEquals("com.shop.Inventory#count:12", id(new FrameFilter(List.of("com.shop"), List.of()).pick(stack)));
        assertEquals("com.acme.dbutils.QueryRunner#query:33", id(new FrameFilter(List.of(), List.of()).pick(stack)));
    }

    @Test
    void theApplicationsOwnJdbcHelperCanBeSkipped() {
        StackTraceElement[] stack = {
                frame("org.h2.jdbc.JdbcStatement", "executeQuery", 1),
                frame("com.shop.db.Jdbc", "query", 20),
                frame("com.shop.Inventory", "count", 12)};
        assertEquals("com.shop.Inventory#count:12",
                id(new FrameFilter(List.of("com.shop"), List.of("com.shop.db.*")).pick(stack)));
    }

    @Test
    void aStackOfLibrariesOnlyHasNoCallSite() {
        StackTraceElement[] stack = {frame("org.h2.jdbc.JdbcStatement", "executeQuery", 1),
                frame("java.lang.Thread", "run", 1)};
        assertSame(CallSite.UNKNOWN, new FrameFilter(List.of(), List.of()).pick(stack));
    }

    @Test
    void theAgentsPackagesAreMatchedExactlyNotByPrefix() {
        FrameFilter f = new FrameFilter(List.of(), List.of());
        assertEquals(true, f.isAgentOrProxy("io.querylens.work.WorkTracker"));
        assertEquals(true, f.isAgentOrProxy("io.querylens.AgentRuntime"));
        assertEquals(true, f.isAgentOrProxy("io.querylens.api.QueryLens"));
        assertEquals(false, f.isAgentOrProxy("io.querylens.demo.OrderService"));
        assertEquals(false, f.isAgentOrProxy("io.querylens.workshop.Bench"));
    }

    @Test
    void aLiveWalkFindsThisTestMethodAndIsCachedPerTypeFingerprintAndUnitName() {
        // This test lives in an agent package; treat only the walker itself as the agent here.
        FrameFilter f = new FrameFilter(List.of("io.querylens.detect"), List.of("io.querylens.detect.CallSites"),
                List.of());
        CallSites sites = new CallSites(f, 10);
        CallSite first = sites.resolve("N_PLUS_ONE", "00000000000000aa", "GET /orders");
        assertEquals(getClass().getName(), first.className);
        assertEquals("aLiveWalkFindsThisTestMethodAndIsCachedPerTypeFingerprintAndUnitName", first.method);
        assertEquals("CallSiteResolutionTest.java", first.file);
        assertSame(first, sites.resolve("N_PLUS_ONE", "00000000000000aa", "GET /orders"));
        assertEquals(1, sites.walks());
        sites.resolve("N_PLUS_ONE", "00000000000000aa", "GET /customers");
        assertEquals(2, sites.walks());
    }

    @Test
    void aFullCacheStillResolvesAndCountsWhatItTurnedAway() {
        FrameFilter f = new FrameFilter(List.of("io.querylens.detect"), List.of("io.querylens.detect.CallSites"),
                List.of());
        CallSites sites = new CallSites(f, 1);
        sites.resolve("SLOW_QUERY", "00000000000000aa", "a");
        CallSite second = sites.resolve("SLOW_QUERY", "00000000000000bb", "a");
        assertEquals(getClass().getName(), second.className);
        assertEquals(1, sites.cached());
        assertEquals(1, sites.cacheRefused());
    }

    private static StackTraceElement frame(String cls, String method, int line) {
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        int dollar = simple.indexOf('$');
        return new StackTraceElement(cls, method, (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java", line);
    }

    private static String id(CallSite s) {
        return s.className + "#" + s.method + ":" + s.line;
    }
}
