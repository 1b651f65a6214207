package io.querylens.demo.web;

import io.querylens.demo.Endpoint;
import io.querylens.demo.Endpoints;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/** {@code GET /}: every endpoint, what it does and, for a trap, the finding it must raise. */
public final class IndexServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final String database;

    public IndexServlet(String database) {
        this.database = database;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // mapped as the default servlet, so it also receives every unknown path
        if (!"/".equals(req.getServletPath() + subPath(req))) {
            notFound(req, resp);
            return;
        }
        Json json = Json.object().field("shop", "QueryLens demo").field("database", database).beginArray("endpoints");
        for (Endpoint e : Endpoints.ALL) {
            json.beginObject()
                    .field("method", e.method())
                    .field("path", e.path())
                    .field("kind", e.kind().name().toLowerCase(Locale.ROOT));
            if (e.finding() != null) {
                json.field("finding", e.finding());
            }
            json.field("description", e.description()).endObject();
        }
        ok(resp, json.endArray().endObject());
    }
}
