package io.querylens.demo.traps;

import io.querylens.demo.db.SeedData;
import io.querylens.demo.web.Json;
import java.math.BigDecimal;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Duplicate queries: formats 6 prices and looks the shop currency up again for each one, with the same
 * query and the same key. The lookup is an HQL query (not a load by id), so Hibernate's session cache
 * does not absorb the repeats: 6 identical statements with identical parameters.
 */
public final class DuplicateQueryTrap implements Trap {
    public static final int LOOKUPS = 6;

    private final SessionFactory sessionFactory;

    public DuplicateQueryTrap(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public String path() {
        return "/traps/duplicate";
    }

    @Override
    public Json run() {
        return sessionFactory.fromTransaction(session -> {
            Json json = Json.object().beginArray("prices");
            for (long productId = 1; productId <= LOOKUPS; productId++) {
                BigDecimal price = SeedData.productPrice(productId);
                json.value(price.setScale(2).toPlainString() + " " + setting(session, "currency"));
            }
            return json.endArray().endObject();
        });
    }

    /** The trap: no caching, so every caller pays a round trip for the same answer. */
    private static String setting(Session session, String key) {
        return session.createSelectionQuery("select s.value from Setting s where s.key = :key", String.class)
                .setParameter("key", key)
                .getSingleResult();
    }
}
