package io.querylens.demo.web;

import io.querylens.demo.shop.OrderService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /orders}, {@code GET /orders/{id}}, {@code POST /orders/import}. */
public final class OrdersServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient OrderService orders;

    public OrdersServlet(OrderService orders) {
        this.orders = orders;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String sub = subPath(req);
        if (sub.isEmpty() || "/".equals(sub)) {
            respond(req, resp, orders::firstPage);
            return;
        }
        long id = parseId(sub.substring(1));
        if (id < 0) {
            notFound(req, resp);
            return;
        }
        respond(req, resp, () -> {
            Json order = orders.order(id);
            if (order == null) {
                throw new NotFound("no order " + id);
            }
            return order;
        });
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/import".equals(subPath(req))) {
            respond(req, resp, orders::importLines);
        } else {
            notFound(req, resp);
        }
    }
}
