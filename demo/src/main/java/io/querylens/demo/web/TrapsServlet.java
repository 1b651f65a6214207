package io.querylens.demo.web;

import io.querylens.demo.traps.Trap;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /traps/*}: springs the trap the path names, with the method it expects (405 otherwise). */
public final class TrapsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, Trap> byPath = new LinkedHashMap<>();

    public TrapsServlet(List<Trap> traps) {
        for (Trap trap : traps) {
            byPath.put(trap.path(), trap);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        spring(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        spring(req, resp);
    }

    private void spring(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Trap trap = byPath.get(req.getServletPath() + subPath(req));
        if (trap == null) {
            notFound(req, resp);
        } else if (!trap.method().equals(req.getMethod())) {
            error(resp, 405, trap.path() + " takes " + trap.method());
        } else {
            respond(req, resp, trap::run);
        }
    }
}
