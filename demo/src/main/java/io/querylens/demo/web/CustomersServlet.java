package io.querylens.demo.web;

import io.querylens.demo.shop.CatalogService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /customers/{id}/exists}. */
public final class CustomersServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final String EXISTS = "/exists";

    private final transient CatalogService catalog;

    public CustomersServlet(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String sub = subPath(req);
        long id = sub.endsWith(EXISTS) ? parseId(sub.substring(1, sub.length() - EXISTS.length())) : -1;
        if (id < 0) {
            notFound(req, resp);
            return;
        }
        respond(req, resp, () -> catalog.customerExists(id));
    }
}
