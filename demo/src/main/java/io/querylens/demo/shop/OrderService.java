package io.querylens.demo.shop;

import io.querylens.demo.model.CustomerOrder;
import io.querylens.demo.model.ImportedLine;
import io.querylens.demo.model.OrderLine;
import io.querylens.demo.web.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;

/** Orders, done right: every read is one query that fetches what it shows, every write is batched. */
public final class OrderService {
    /** Lines per import: exactly one full JDBC batch (see {@code Database.BATCH_SIZE}). */
    public static final int IMPORT_SIZE = 50;
    /** Orders per page of {@code /orders}. */
    public static final int PAGE_SIZE = 20;

    private final SessionFactory sessionFactory;
    /** Ids of imported lines are assigned here, since generated ids would stop Hibernate batching. */
    private final AtomicLong importedLineIds = new AtomicLong();
    private final AtomicLong imports = new AtomicLong();

    public OrderService(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** One order with its customer and lines, all in one query; null if there is no such order. */
    public Json order(long id) {
        return sessionFactory.fromTransaction(session -> {
            List<CustomerOrder> found = session.createSelectionQuery(
                            "select o from CustomerOrder o join fetch o.customer join fetch o.lines where o.id = :id",
                            CustomerOrder.class)
                    .setParameter("id", id)
                    .getResultList();
            if (found.isEmpty()) {
                return null;
            }
            CustomerOrder o = found.get(0);
            Json json = Json.object()
                    .field("id", o.getId())
                    .field("status", o.getStatus())
                    .field("orderedAt", o.getOrderedAt())
                    .field("total", o.getTotal())
                    .beginObject("customer")
                    .field("id", o.getCustomer().getId())
                    .field("name", o.getCustomer().getName())
                    .field("email", o.getCustomer().getEmail())
                    .endObject()
                    .beginArray("lines");
            for (OrderLine line : o.getLines()) {
                json.beginObject()
                        .field("id", line.getId())
                        .field("productId", line.getProductId())
                        .field("quantity", line.getQuantity())
                        .field("unitPrice", line.getUnitPrice())
                        .endObject();
            }
            return json.endArray().endObject();
        });
    }

    /** The first {@value #PAGE_SIZE} orders with their customers: one query, limited in the database. */
    public Json firstPage() {
        return sessionFactory.fromTransaction(session -> {
            List<CustomerOrder> orders = session.createSelectionQuery(
                            "select o from CustomerOrder o join fetch o.customer order by o.id", CustomerOrder.class)
                    .setMaxResults(PAGE_SIZE)
                    .getResultList();
            Json json = Json.object().beginArray("orders");
            for (CustomerOrder o : orders) {
                json.beginObject()
                        .field("id", o.getId())
                        .field("status", o.getStatus())
                        .field("total", o.getTotal())
                        .field("customer", o.getCustomer().getName())
                        .endObject();
            }
            return json.endArray().endObject();
        });
    }

    /**
     * Stages {@value #IMPORT_SIZE} imported lines in one transaction. With
     * {@code hibernate.jdbc.batch_size=50} and ordered inserts, Hibernate sends them as one JDBC batch:
     * one prepared INSERT, 50 {@code addBatch}, one {@code executeBatch}.
     */
    public Json importLines() {
        long importNo = imports.incrementAndGet();
        long firstId = importedLineIds.getAndAdd(IMPORT_SIZE) + 1;
        sessionFactory.inTransaction(session -> {
            for (int i = 0; i < IMPORT_SIZE; i++) {
                long id = firstId + i;
                session.persist(new ImportedLine(id, importNo, String.format("SKU-%04d", id % 200 + 1), 1 + i % 5,
                        BigDecimal.valueOf(100 + i, 2)));
            }
        });
        return Json.object()
                .field("importNo", importNo)
                .field("imported", IMPORT_SIZE)
                .field("firstId", firstId)
                .field("lastId", firstId + IMPORT_SIZE - 1)
                .endObject();
    }
}
