package io.querylens.demo.db;

/**
 * Java functions the shop registers in H2 with {@code CREATE ALIAS}. H2 has no built-in sleep; aliasing
 * {@code Thread.sleep} directly fails on JDK 19+, where it gained a second one-argument overload.
 */
public final class H2Functions {
    private H2Functions() {}

    /** Sleeps {@code millis} milliseconds and returns them: {@code SELECT DEMO_SLEEP(1200)}. */
    public static int sleep(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }
}
