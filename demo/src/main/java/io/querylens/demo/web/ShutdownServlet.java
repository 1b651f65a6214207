package io.querylens.demo.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /shutdown}: answers first, then hands {@code shutdown} to a new thread, so that the
 * response is complete before the server stops and the request thread is never the one that exits.
 */
public final class ShutdownServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient Runnable shutdown;

    public ShutdownServlet(Runnable shutdown) {
        this.shutdown = shutdown;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ok(resp, Json.object().field("shutdown", true).endObject()); // closes the stream: sent in full
        Thread t = new Thread(shutdown, "demo-shutdown-request");
        t.setDaemon(false);
        t.setContextClassLoader(ShutdownServlet.class.getClassLoader()); // not Tomcat's web-app loader
        t.start();
    }
}
