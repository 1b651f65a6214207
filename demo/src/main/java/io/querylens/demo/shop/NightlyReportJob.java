package io.querylens.demo.shop;

import io.querylens.api.QueryLens;
import io.querylens.api.UnitOfWork;
import io.querylens.demo.web.Json;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hibernate.SessionFactory;

/**
 * The nightly sales report: runs on a background thread, outside any HTTP request, inside an explicit
 * QueryLens unit of work named {@value #UNIT_NAME}. Without the agent the unit is a no-op. It runs two
 * aggregate queries, so it is clean.
 */
public final class NightlyReportJob implements AutoCloseable {
    public static final String UNIT_NAME = "nightly-report";
    public static final String THREAD_NAME = "demo-nightly-report";

    private final SessionFactory sessionFactory;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        // created during a request, it would otherwise inherit Tomcat's web-app class loader
        t.setContextClassLoader(NightlyReportJob.class.getClassLoader());
        return t;
    });

    public NightlyReportJob(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Runs the report on the job thread and waits (at most a minute) for it. */
    public Json runAndWait() throws InterruptedException, ExecutionException, TimeoutException {
        Future<Json> result = executor.submit(this::report);
        return result.get(1, TimeUnit.MINUTES);
    }

    private Json report() {
        try (UnitOfWork unit = QueryLens.unitOfWork(UNIT_NAME)) {
            return sessionFactory.fromTransaction(session -> {
                List<Object[]> categories = session.createSelectionQuery(
                        "select p.category, count(p), sum(p.price) from Product p group by p.category order by p.category",
                        Object[].class).getResultList();
                Object[] orders = session.createSelectionQuery(
                        "select count(o), sum(o.total) from CustomerOrder o", Object[].class).getSingleResult();
                Json json = Json.object()
                        .field("job", UNIT_NAME)
                        .field("thread", Thread.currentThread().getName())
                        .field("queryLensActive", QueryLens.isActive())
                        .beginArray("categories");
                for (Object[] c : categories) {
                    json.beginObject().field("category", c[0]).field("products", c[1]).field("listValue", c[2]).endObject();
                }
                return json.endArray().field("orders", orders[0]).field("revenue", orders[1]).endObject();
            });
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
