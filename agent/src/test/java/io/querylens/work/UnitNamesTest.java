package io.querylens.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UnitNamesTest {
    @Test
    void identifiersInAPathBecomeIdSoOneRouteIsOneName() {
        assertEquals("/orders/{id}", UnitNames.normalizePath("/orders/42"));
        assertEquals("/orders/{id}/lines", UnitNames.normalizePath("/orders/42/lines?page=2"));
        assertEquals("/users/{id}", UnitNames.normalizePath("/users/123e4567-e89b-12d3-a456-426614174000"));
        assertEquals("/files/{id}", UnitNames.normalizePath("/files/9f86d081884c7d659a2feaa0c55ad015"));
        assertEquals("/s/{id}", UnitNames.normalizePath("/s/aZ3k9QpL7mN2xY8w"));
        assertEquals("/cart", UnitNames.normalizePath("/cart;jsessionid=ABC"));
        assertEquals("/api/v2/health", UnitNames.normalizePath("/api/v2/health"));
        assertEquals("/", UnitNames.normalizePath(null));
    }

    @Test
    void threadNamesOfAPoolCollapseToOne() {
        assertEquals("pool-#-thread-#", UnitNames.collapseDigits("pool-3-thread-17"));
        assertEquals("http-nio-#-exec-#", UnitNames.collapseDigits("http-nio-8080-exec-10"));
        assertEquals("main", UnitNames.collapseDigits("main"));
    }

    @Test
    void onlyWellFormedTraceparentsAreContinued() {
        String ok = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertEquals(ok, TraceParents.valid(ok));
        assertEquals(ok, TraceParents.valid(" " + ok + " "));
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                TraceParents.valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future"));
        assertNull(TraceParents.valid("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
        assertNull(TraceParents.valid("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertNull(TraceParents.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
        assertNull(TraceParents.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"));
        assertNull(TraceParents.valid("garbage"));
        assertNull(TraceParents.valid(null));
    }
}
