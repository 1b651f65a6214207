package io.querylens.bootstrap;

/**
 * HTTP requests seen by the servlet instrumentation, implemented inside the agent's class loader. The woven
 * code passes the servlet and the container's request and response objects as they are: the implementation
 * reads them through the servlet itself when its class implements {@link ServletReader}, else through the
 * servlet API of whichever loader defined them (jakarta or javax).
 */
public interface ServletSink {
    /** A request starts on this thread: a token for {@link #exit}, or null when it is not tracked. */
    Object enter(Object servlet, Object request);

    void exit(Object token, Object servlet, Object request, Object response, Throwable error);
}
