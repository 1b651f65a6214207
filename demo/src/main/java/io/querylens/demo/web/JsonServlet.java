package io.querylens.demo.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Base of the shop's servlets: JSON responses with an exact length, JSON errors (never Tomcat's HTML
 * pages), and a 500 with the exception's message when a handler fails.
 */
abstract class JsonServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(JsonServlet.class.getName());

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        try {
            super.service(req, resp);
        } catch (RuntimeException | ServletException | IOException e) {
            LOG.log(Level.WARNING, req.getMethod() + " " + req.getRequestURI() + " failed", e);
            if (!resp.isCommitted()) {
                resp.reset();
                error(resp, 500, String.valueOf(e));
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        notFound(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        notFound(req, resp);
    }

    /** Answers a request no handler took (unknown path, or a known path with the other method). */
    protected void notFound(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        error(resp, 404, "no such endpoint: " + req.getMethod() + " " + req.getRequestURI());
    }

    /** The part of the path after the servlet's mapping, never null ("" for none). */
    protected static String subPath(HttpServletRequest req) {
        String info = req.getPathInfo();
        return info == null ? "" : info;
    }

    /** Parses a positive id, or returns -1. */
    protected static long parseId(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        long id = Long.parseLong(text);
        return id > 0 ? id : -1;
    }

    /** Thrown by a {@link Handler} when what the request names does not exist: answered with 404. */
    protected static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** Work that builds a response body and may fail with anything, e.g. an {@code SQLException}. */
    protected interface Handler {
        Json handle() throws Exception;
    }

    /** Runs {@code handler} and sends its body with 200, or a 500 naming what went wrong. */
    protected static void respond(HttpServletRequest req, HttpServletResponse resp, Handler handler) throws IOException {
        Json body;
        try {
            body = handler.handle();
        } catch (NotFound e) {
            error(resp, 404, e.getMessage());
            return;
        } catch (Exception e) {
            LOG.log(Level.WARNING, req.getMethod() + " " + req.getRequestURI() + " failed", e);
            error(resp, 500, String.valueOf(e));
            return;
        }
        send(resp, 200, body.toString());
    }

    protected static void ok(HttpServletResponse resp, Json body) throws IOException {
        send(resp, 200, body.toString());
    }

    protected static void error(HttpServletResponse resp, int status, String message) throws IOException {
        send(resp, status, Json.object().field("error", message).endObject().toString());
    }

    static void send(HttpServletResponse resp, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }
}
