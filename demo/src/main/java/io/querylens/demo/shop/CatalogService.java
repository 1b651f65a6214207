package io.querylens.demo.shop;

import io.querylens.demo.web.Json;
import java.util.List;
import java.util.Locale;
import org.hibernate.SessionFactory;

/** Products and customers, done right: projections, limits, and counting in the database. */
public final class CatalogService {
    /** Products per search result. */
    public static final int SEARCH_LIMIT = 10;

    private final SessionFactory sessionFactory;

    public CatalogService(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Id and name of the first {@value #SEARCH_LIMIT} products whose name contains {@code text}. */
    public Json search(String text) {
        // '%' and '_' would be LIKE wildcards; a shop search box treats them as nothing special, so drop them
        String pattern = "%" + text.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%";
        List<Object[]> rows = sessionFactory.fromTransaction(session -> session.createSelectionQuery(
                        "select p.id, p.name from Product p where lower(p.name) like :pattern order by p.id", Object[].class)
                .setParameter("pattern", pattern)
                .setMaxResults(SEARCH_LIMIT)
                .getResultList());
        Json json = Json.object().field("q", text).beginArray("products");
        for (Object[] row : rows) {
            json.beginObject().field("id", row[0]).field("name", row[1]).endObject();
        }
        return json.endArray().endObject();
    }

    /** The number of products, counted by the database. */
    public Json count() {
        Long count = sessionFactory.fromTransaction(session -> session.createSelectionQuery(
                "select count(*) from Product p", Long.class).getSingleResult());
        return Json.object().field("count", count).endObject();
    }

    /** Whether customer {@code id} exists: at most one row, of one constant column. */
    public Json customerExists(long id) {
        boolean exists = sessionFactory.fromTransaction(session -> !session.createSelectionQuery(
                        "select 1 from Customer c where c.id = :id", Integer.class)
                .setParameter("id", id)
                .setMaxResults(1)
                .getResultList()
                .isEmpty());
        return Json.object().field("customerId", id).field("exists", exists).endObject();
    }
}
