package io.querylens.bootstrap;

/**
 * Unit-of-work boundaries reported by the public API ({@code io.querylens.api.QueryLens}) and by the
 * servlet instrumentation, implemented inside the agent's class loader.
 */
public interface WorkSink {
    /** Opens an explicit unit of work on this thread and returns a token for {@link #endExplicit}. */
    Object beginExplicit(String name);

    void endExplicit(Object token);

    /**
     * An HTTP request starts on this thread. Returns a token for {@link #endRequest}, or null when a request
     * is already being tracked on this thread (a forward or include).
     */
    Object beginRequest(String method, String path, String traceparent);

    /** The request's route template, when a framework knows it (e.g. {@code /orders/{id}}). */
    void route(String route);

    void endRequest(Object token, int status, Throwable error);
}
