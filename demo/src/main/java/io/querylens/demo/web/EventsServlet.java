package io.querylens.demo.web;

import io.querylens.demo.shop.EventExport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /events/export}. */
public final class EventsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient EventExport export;

    public EventsServlet(EventExport export) {
        this.export = export;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/export".equals(subPath(req))) {
            respond(req, resp, export::export);
        } else {
            notFound(req, resp);
        }
    }
}
