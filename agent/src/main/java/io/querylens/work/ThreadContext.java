package io.querylens.work;

/**
 * Per-thread agent state, reached through one {@code ThreadLocal} lookup per instrumented call.
 * STUB in part: the unit-of-work fields are the work package task's.
 */
public final class ThreadContext {
    /** JDBC call depth, for counting wrapped calls once (see {@code io.querylens.bootstrap.JdbcSink}). */
    public int depth;
}
