package io.querylens.bootstrap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hooks advice calls never throw into the application, and a family that keeps failing turns itself off. */
class HooksTest {
    @AfterEach
    void uninstall() {
        Hooks.uninstall();
        Hooks.resetFailures();
    }

    @Test
    void aFailingSinkNeverThrowsAndIsTurnedOffAfterTheLimit() {
        AtomicInteger calls = new AtomicInteger();
        JdbcSink failing = (JdbcSink) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JdbcSink.class},
                (proxy, method, args) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("broken sink");
                });
        Hooks.install(failing, null, null);
        for (int i = 0; i < Hooks.FAILURE_LIMIT + 50; i++) {
            assertDoesNotThrow(() -> Hooks.bind(new Object(), State.NO_FIELD, 1, 42L));
        }
        assertTrue(Hooks.disabled(Hooks.BIND));
        assertEquals(Hooks.FAILURE_LIMIT, calls.get(), "no call reaches the sink once the family is off");
        assertFalse(Hooks.disabled(Hooks.EXECUTE), "other families keep running");
    }

    @Test
    void aHookCalledWhileTheAgentStartsWaitsForItsSinks() throws Exception {
        AtomicInteger executions = new AtomicInteger();
        JdbcSink counting = (JdbcSink) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JdbcSink.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("executeEnter")) {
                        executions.incrementAndGet();
                        return 42L;
                    }
                    return null;
                });
        Hooks.uninstall();
        Hooks.starting();
        java.util.concurrent.CompletableFuture<Long> call = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Hooks.executeEnter(new Object(), State.NO_FIELD, "select 1"));
        Thread.sleep(100);
        assertFalse(call.isDone(), "the statement waits for the agent rather than going unseen");
        Hooks.install(counting, null, null);
        assertEquals(42L, call.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, executions.get());
        Hooks.uninstall();
        assertEquals(Hooks.NOT_TRACED, Hooks.executeEnter(new Object(), State.NO_FIELD, "select 1"), "after the start no hook waits");
    }

    @Test
    void aFailedStartReleasesTheWaitingHooks() throws Exception {
        Hooks.uninstall();
        Hooks.starting();
        java.util.concurrent.CompletableFuture<Long> call = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Hooks.executeEnter(new Object(), State.NO_FIELD, "select 1"));
        Hooks.started();
        assertEquals(Hooks.NOT_TRACED, call.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void withoutASinkEveryHookIsANoOp() {
        long start = Hooks.executeEnter(new Object(), State.NO_FIELD, "select 1");
        assertEquals(Hooks.NOT_TRACED, start);
        assertDoesNotThrow(() -> Hooks.executeExit(null, new Object(), State.NO_FIELD, "select 1", start, false));
        assertEquals(null, Hooks.beginUnitOfWork("job"));
        assertEquals(Hooks.NOT_TRACED, Hooks.getConnectionEnter());
    }

    @Test
    void theWeakIdentityTableNeverGrowsAndForgetsCollectedKeys() {
        WeakIdentityTable t = new WeakIdentityTable(16);
        Object[] keys = new Object[64];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new Object();
            t.put(keys[i], i);
        }
        assertTrue(t.size() <= 16);
        assertTrue(t.evictions() > 0);
        Object last = keys[63];
        assertEquals(63, t.get(last));
        t.put(last, null);
        assertEquals(null, t.get(last));
    }
}
