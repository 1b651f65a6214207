package io.querylens.demo.web;

import io.querylens.demo.shop.CatalogService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /products/search?q=text}, {@code GET /products/count}. */
public final class ProductsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient CatalogService catalog;

    public ProductsServlet(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (subPath(req)) {
            case "/search":
                String q = req.getParameter("q");
                respond(req, resp, () -> catalog.search(q == null ? "" : q));
                break;
            case "/count":
                respond(req, resp, catalog::count);
                break;
            default:
                notFound(req, resp);
        }
    }
}
