package io.querylens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.demo.db.DbKind;
import io.querylens.demo.load.LoadOptions;
import io.querylens.demo.load.RequestMix;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void theShopDefaultsToPort8080OnH2AndNeverExits() {
        ShopOptions o = ShopOptions.parse(new String[0], new Properties());
        assertEquals(8080, o.port());
        assertEquals("127.0.0.1", o.host());
        assertEquals(DbKind.H2, o.db());
        assertNull(o.jdbcUrl());
        assertEquals("sa", o.dbUser());
        assertEquals(0, o.exitAfterMillis());
    }

    @Test
    void flagsWinOverDemoSystemProperties() {
        Properties p = new Properties();
        p.setProperty("demo.db", "mariadb");
        p.setProperty("demo.port", "9000");
        ShopOptions o = ShopOptions.parse(new String[] {"--db=postgresql", "--exit-after=5"}, p);
        assertEquals(DbKind.POSTGRESQL, o.db());
        assertEquals("postgres", o.dbUser());
        assertEquals(9000, o.port());
        assertEquals(5000, o.exitAfterMillis());
    }

    @Test
    void aBadShopFlagIsNamed() {
        assertEquals("unknown database 'oracle': use h2, postgresql or mariadb",
                assertThrows(IllegalArgumentException.class, () -> ShopOptions.parse(new String[] {"--db=oracle"}, new Properties())).getMessage());
        assertEquals("--port must be 0..65535, not '70000'",
                assertThrows(IllegalArgumentException.class, () -> ShopOptions.parse(new String[] {"--port=70000"}, new Properties())).getMessage());
        assertEquals("unknown option --colour",
                assertThrows(IllegalArgumentException.class, () -> ShopOptions.parse(new String[] {"--colour=red"}, new Properties())).getMessage());
    }

    @Test
    void durationsTakeAUnitOrMeanSeconds() {
        assertEquals(30_000, Durations.parseMillis("30"));
        assertEquals(30_000, Durations.parseMillis("30s"));
        assertEquals(500, Durations.parseMillis("500ms"));
        assertEquals(120_000, Durations.parseMillis("2m"));
        assertEquals(3_600_000, Durations.parseMillis("1h"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("soon"));
    }

    @Test
    void theLoadDriverRunsThirtySecondsUnlessOnlyACountIsGiven() {
        LoadOptions byTime = LoadOptions.parse(new String[0]);
        assertEquals("http://127.0.0.1:8080", byTime.base());
        assertEquals(30_000, byTime.durationMillis());
        assertEquals(0, byTime.requests());
        assertEquals(4, byTime.threads());
        assertEquals(RequestMix.Kind.ALL, byTime.mix());

        LoadOptions byCount = LoadOptions.parse(new String[] {"--requests=100", "--base=http://h:1/"});
        assertEquals(600_000, byCount.durationMillis());
        assertEquals(100, byCount.requests());
        assertEquals("http://h:1", byCount.base());

        LoadOptions both = LoadOptions.parse(new String[] {"--requests=100", "--duration=5s", "--batch-job"});
        assertEquals(5_000, both.durationMillis());
        assertTrue(both.batchJob());
        assertEquals(0, both.rate(), "as fast as the clients can unless a rate is given");
        assertEquals(250, LoadOptions.parse(new String[] {"--rate=250"}).rate());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"--rate=0"}));
        assertEquals(0, byTime.warmupMillis(), "no warm-up unless asked");
        assertEquals(15_000, LoadOptions.parse(new String[] {"--warmup=15s"}).warmupMillis());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"--warmup=-1s"}));
    }

    @Test
    void theMixIsARoundRobinWithRotatingParameters() {
        RequestMix mix = new RequestMix(RequestMix.Kind.ALL);
        assertEquals(16, mix.endpoints().size());
        assertEquals("/orders/1", mix.path(0));
        assertEquals("/orders/2", mix.path(16));
        assertEquals("/products/search?q=widget", mix.path(2));
        assertEquals("/products/search?q=gadget", mix.path(18));
        assertEquals("/customers/2/exists", mix.path(19));
        assertEquals("/traps/explosion", mix.path(15));
        assertEquals(7, new RequestMix(RequestMix.Kind.CLEAN).endpoints().size());
        assertEquals(9, new RequestMix(RequestMix.Kind.TRAPS).endpoints().size());
    }
}
