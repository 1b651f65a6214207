package io.querylens.bootstrap;

/**
 * Implemented by JDBC classes that the agent instruments as they load: one injected field carries the
 * agent's per-object state (a statement's fingerprint and counters, a connection's database), so no global
 * map is consulted on the hot path. Classes already loaded when the agent attached cannot get a field;
 * {@link State} falls back to a bounded weak identity table for them.
 */
public interface StateHolder {
    Object querylens$state();

    void querylens$state(Object state);
}
