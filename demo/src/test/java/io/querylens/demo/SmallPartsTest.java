package io.querylens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.querylens.demo.load.LatencyRecorder;
import io.querylens.demo.web.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class SmallPartsTest {
    @Test
    void jsonEscapesStringsAndWritesMoneyWithTwoDecimals() {
        String json = Json.object()
                .field("text", "a \"quote\", a \\ and a\nnewline\u0001")
                .field("price", new BigDecimal("5.5"))
                .field("n", 3)
                .field("none", null)
                .beginArray("list").value(1).beginObject().field("x", true).endObject().endArray()
                .beginObject("inner").endObject()
                .endObject().toString();
        assertEquals("{\"text\":\"a \\\"quote\\\", a \\\\ and a\\nnewline\\u0001\",\"price\":5.50,\"n\":3,\"none\":null,"
                + "\"list\":[1,{\"x\":true}],\"inner\":{}}", json);
    }

    @Test
    void percentilesAreExactNearestRanks() {
        LatencyRecorder r = new LatencyRecorder("x");
        for (int ms = 100; ms >= 1; ms--) {
            r.record(ms * 1_000_000L, ms == 7 ? "HTTP 500" : null);
        }
        assertEquals(100, r.count());
        assertEquals(1, r.errors());
        assertEquals("HTTP 500", r.firstError());
        assertEquals(50.0, r.percentileMillis(50));
        assertEquals(95.0, r.percentileMillis(95));
        assertEquals(99.0, r.percentileMillis(99));
        assertEquals(100.0, r.percentileMillis(100));
        assertEquals(0.0, new LatencyRecorder("empty").percentileMillis(50));
    }

    @Test
    void anUnreachableServerSkipsWithAVisibleLineOutsideCi() {
        // port 1 (tcpmux) is not served on the development and CI machines
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> DatabaseServers.assumeReachable("Nothing", 1, null, new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertEquals("Assumption failed: Nothing not reachable at 127.0.0.1:1", skipped.getMessage());
        assertEquals("SKIPPED: Nothing not reachable at 127.0.0.1:1" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnreachableServerFailsOnCi() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AssertionError failed = assertThrows(AssertionError.class,
                () -> DatabaseServers.assumeReachable("Nothing", 1, "true", new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertEquals("Nothing not reachable at 127.0.0.1:1 (CI=true: the server must be there)", failed.getMessage());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
