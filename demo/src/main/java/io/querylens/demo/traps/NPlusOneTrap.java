package io.querylens.demo.traps;

import io.querylens.demo.model.CustomerOrder;
import io.querylens.demo.web.Json;
import java.util.List;
import org.hibernate.SessionFactory;

/**
 * N+1 through a lazy association: loads the first 20 orders (one query), then shows each order's
 * customer name. {@code CustomerOrder.customer} is LAZY and the first 20 orders have 20 different
 * customers, so Hibernate runs one more query per order: 1 + 20 statements, the 20 differing only in
 * the customer id.
 */
public final class NPlusOneTrap implements Trap {
    public static final int ORDERS = 20;

    private final SessionFactory sessionFactory;

    public NPlusOneTrap(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public String path() {
        return "/traps/n-plus-one";
    }

    @Override
    public Json run() {
        return sessionFactory.fromTransaction(session -> {
            List<CustomerOrder> orders = session.createSelectionQuery(
                            "from CustomerOrder o order by o.id", CustomerOrder.class)
                    .setMaxResults(ORDERS)
                    .getResultList();
            Json json = Json.object().beginArray("orders");
            for (CustomerOrder order : orders) {
                String customer = order.getCustomer().getName(); // the trap: a lazy load per order
                json.beginObject().field("id", order.getId()).field("customer", customer).endObject();
            }
            return json.endArray().endObject();
        });
    }
}
