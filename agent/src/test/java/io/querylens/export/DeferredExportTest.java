package io.querylens.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.bootstrap.Config;
import io.querylens.stats.StatsRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deferred start's wish for units: open while export starts, settled once it has started or given up. */
class DeferredExportTest {
    private static Export exportWithoutExporters() {
        Map<String, String> otel = new HashMap<>();
        otel.put("otel.traces.exporter", "none");
        otel.put("otel.metrics.exporter", "none");
        return Export.start(Config.of(Collections.singletonMap("querylens.summary", "false")), new StatsRegistry(10, 10),
                Collections::emptyList, Collections::emptyMap, otel,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static void awaitSettled(DeferredExport d) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!d.wantsUnitsSettled() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void its_wish_settles_only_once_export_has_started_and_then_the_exports_own_listener_answers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DeferredExport d = DeferredExport.start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return exportWithoutExporters();
        });
        try {
            assertFalse(d.wantsUnitsSettled(), "not settled while export is starting");
            release.countDown();
            awaitSettled(d);
            assertTrue(d.wantsUnitsSettled());
            assertFalse(d.wantsUnits(), "no exporter configured: the export wants no units");
        } finally {
            release.countDown();
            d.shutdown(10_000);
        }
    }

    @Test
    void an_export_that_could_not_start_settles_on_wanting_no_units() throws Exception {
        DeferredExport d = DeferredExport.start(() -> {
            throw new IllegalStateException("no SDK here");
        });
        awaitSettled(d);
        assertTrue(d.wantsUnitsSettled());
        assertFalse(d.wantsUnits());
        d.shutdown(1_000);
    }
}
