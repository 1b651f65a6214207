package io.querylens.bootstrap;

/**
 * What the agent reads of a request and its response, implemented by the container's own {@code HttpServlet}
 * class: woven into it as it is defined, each method a type test and a direct call of the servlet API of the
 * loader that defined it (jakarta or javax), which the JIT inlines like the container's own code. The
 * servlet hooks pass the servlet they run in; a servlet class defined before the agent started (attach) does
 * not implement this, and its requests are read through method handles instead, which the JIT cannot inline.
 */
public interface ServletReader {
    /** {@code getMethod()} of an HTTP request; null for any other request. */
    String querylens$method(Object request);

    /** {@code getRequestURI()} of an HTTP request; null for any other request. */
    String querylens$uri(Object request);

    /** {@code getHeader(name)} of an HTTP request; null for any other request. */
    String querylens$header(Object request, String name);

    /** {@code getAttribute(name)} of an HTTP request; null for any other request. */
    Object querylens$attribute(Object request, String name);

    /**
     * {@code getStatus()} of an HTTP response; 0 for any other response. Servlet 2.x responses have no such
     * method: callers ask only when the response's API declares it.
     */
    int querylens$status(Object response);
}
