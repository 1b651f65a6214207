package io.querylens.demo;

import io.querylens.demo.db.Database;
import io.querylens.demo.shop.CatalogService;
import io.querylens.demo.shop.EventExport;
import io.querylens.demo.shop.NightlyReportJob;
import io.querylens.demo.shop.OrderService;
import io.querylens.demo.traps.Traps;
import io.querylens.demo.web.CustomersServlet;
import io.querylens.demo.web.EventsServlet;
import io.querylens.demo.web.IndexServlet;
import io.querylens.demo.web.JobsServlet;
import io.querylens.demo.web.OrdersServlet;
import io.querylens.demo.web.ProductsServlet;
import io.querylens.demo.web.ShutdownServlet;
import io.querylens.demo.web.TrapsServlet;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;

/**
 * The demo shop: embedded Tomcat with plain servlets over Hibernate, HikariCP and H2 (or PostgreSQL or
 * MariaDB). Clean endpoints and one trap per QueryLens finding type; see {@link Endpoints}.
 *
 * <pre>
 * java -jar demo/target/querylens-demo.jar --port=0 --db=h2
 * demo listening on http://127.0.0.1:PORT        (the one line on stdout, once ready)
 * </pre>
 *
 * In-process (tests): {@code try (ShopApplication shop = ShopApplication.start(options)) {...}}.
 */
public final class ShopApplication implements AutoCloseable {
    /** What {@link #main} prints on stdout, followed by the base URL, once the shop takes requests. */
    public static final String LISTENING = "demo listening on ";

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Database database;
    private final NightlyReportJob nightlyReport;
    private final Path baseDir;
    private final Runnable onShutdownRequest;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Tomcat tomcat;
    private String baseUrl;

    private ShopApplication(Database database, Path baseDir, Runnable onShutdownRequest) {
        this.database = database;
        this.nightlyReport = new NightlyReportJob(database.sessionFactory());
        this.baseDir = baseDir;
        this.onShutdownRequest = onShutdownRequest;
    }

    public static void main(String[] args) {
        ShopOptions options;
        try {
            options = ShopOptions.parse(args, System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.err.println(ShopOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(ShopOptions.USAGE);
            return;
        }
        ShopApplication shop;
        try {
            shop = start(options, () -> System.exit(0));
        } catch (RuntimeException e) {
            System.err.println("demo: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(shop::close, "demo-shutdown-hook"));
        System.out.println(LISTENING + shop.baseUrl());
        System.out.flush();
        if (options.exitAfterMillis() > 0) {
            Thread exit = new Thread(() -> {
                try {
                    Thread.sleep(options.exitAfterMillis());
                } catch (InterruptedException e) {
                    return;
                }
                System.exit(0);
            }, "demo-exit-after");
            exit.setDaemon(true);
            exit.start();
        }
        shop.awaitClosed();
    }

    /** Starts a shop whose {@code POST /shutdown} just closes it (for running in-process, e.g. in tests). */
    public static ShopApplication start(ShopOptions options) {
        return start(options, null);
    }

    /**
     * Connects to and seeds the database, then starts Tomcat. {@code POST /shutdown} runs
     * {@code onShutdownRequest} on a new thread after answering; null means {@link #close()}.
     *
     * @throws IllegalStateException if the database or the port cannot be had; nothing stays open then
     */
    public static ShopApplication start(ShopOptions options, Runnable onShutdownRequest) {
        DemoLogging.configure();
        int instance = INSTANCES.incrementAndGet();
        String url = options.jdbcUrl() != null ? options.jdbcUrl() : options.db().defaultUrl(instance);
        Database database = Database.open(options.db(), url, options.dbUser(), options.dbPassword());
        ShopApplication shop = null;
        try {
            shop = new ShopApplication(database, Files.createTempDirectory("querylens-demo-tomcat"), onShutdownRequest);
            shop.startTomcat(options);
            return shop;
        } catch (IOException | LifecycleException | RuntimeException e) {
            if (shop != null) {
                shop.close();
            } else {
                database.close();
            }
            throw new IllegalStateException("cannot start the web server on " + options.host() + ":" + options.port() + ": " + e, e);
        }
    }

    private void startTomcat(ShopOptions options) throws LifecycleException {
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(options.port());
        connector.setProperty("address", options.host());
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        StandardContext context = (StandardContext) tomcat.addContext("", baseDir.toAbsolutePath().toString());
        // The context holds no classes of its own, so Tomcat's class-loader leak checks at stop have nothing
        // to find; three of them would only warn that they need --add-opens.
        context.setClearReferencesObjectStreamClassCaches(false);
        context.setClearReferencesRmiTargets(false);
        context.setClearReferencesThreadLocals(false);
        OrderService orders = new OrderService(database.sessionFactory());
        CatalogService catalog = new CatalogService(database.sessionFactory());
        add(context, new IndexServlet(database.kind().flagName()), "/");
        add(context, new OrdersServlet(orders), "/orders", "/orders/*");
        add(context, new ProductsServlet(catalog), "/products/*");
        add(context, new CustomersServlet(catalog), "/customers/*");
        add(context, new EventsServlet(new EventExport(database.dataSource())), "/events/*");
        add(context, new TrapsServlet(Traps.all(database)), "/traps/*");
        add(context, new JobsServlet(nightlyReport), "/jobs/*");
        add(context, new ShutdownServlet(this::shutdownRequested), "/shutdown");
        tomcat.start();
        if (connector.getState() != org.apache.catalina.LifecycleState.STARTED) {
            throw new IllegalStateException("connector did not start (port in use?)");
        }
        String host = "0.0.0.0".equals(options.host()) ? "127.0.0.1" : options.host();
        baseUrl = "http://" + host + ":" + connector.getLocalPort();
    }

    private static void add(Context context, HttpServlet servlet, String... mappings) {
        String name = servlet.getClass().getSimpleName();
        Tomcat.addServlet(context, name, servlet);
        for (String mapping : mappings) {
            context.addServletMappingDecoded(mapping, name);
        }
    }

    private void shutdownRequested() {
        if (onShutdownRequest != null) {
            onShutdownRequest.run();
        } else {
            close();
        }
    }

    /** For example {@code http://127.0.0.1:8080}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    }

    public Database database() {
        return database;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits at most {@code timeout} for {@link #close()} to finish; true if it has. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Stops Tomcat, the job thread and the database (in that order); idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        try {
            if (tomcat != null) {
                tomcat.stop();
                tomcat.destroy();
            }
        } catch (LifecycleException e) {
            System.err.println("demo: stopping Tomcat: " + e);
        } finally {
            nightlyReport.close();
            database.close();
            deleteQuietly(baseDir);
            stopped.countDown();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
