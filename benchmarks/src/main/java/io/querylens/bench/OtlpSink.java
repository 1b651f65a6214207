package io.querylens.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local OTLP/HTTP receiver for the export-on runs: answers 200 with an empty (valid) protobuf response
 * to {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs}, and counts requests and bytes.
 * It decodes nothing, so that what the sink costs stays small and the same for every agent.
 *
 * <p>{@code java -cp benchmarks.jar io.querylens.bench.OtlpSink [port]} prints
 * {@code otlp sink listening on http://127.0.0.1:PORT}; {@code GET /stats} and the shutdown hook print the
 * counts ({@code traces=REQUESTS/BYTES ...}).
 */
public final class OtlpSink implements AutoCloseable {
    private static final String[] SIGNALS = {"traces", "metrics", "logs"};

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "otlp-sink");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong[] requests = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final AtomicLong[] bytes = {new AtomicLong(), new AtomicLong(), new AtomicLong()};

    /** Starts listening on 127.0.0.1:{@code port} (0 picks a free port). */
    public OtlpSink(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        for (int i = 0; i < SIGNALS.length; i++) {
            int signal = i;
            server.createContext("/v1/" + SIGNALS[i], exchange -> receive(exchange, signal));
        }
        server.createContext("/stats", exchange -> respond(exchange, 200, "text/plain", stats().getBytes(StandardCharsets.UTF_8)));
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code traces=R/B metrics=R/B logs=R/B}: requests and body bytes received per signal. */
    public String stats() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < SIGNALS.length; i++) {
            s.append(i == 0 ? "" : " ").append(SIGNALS[i]).append('=').append(requests[i].get()).append('/').append(bytes[i].get());
        }
        return s.toString();
    }

    private void receive(HttpExchange exchange, int signal) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "text/plain", new byte[0]);
            return;
        }
        long size = 0;
        byte[] buffer = new byte[8192];
        try (InputStream body = exchange.getRequestBody()) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                size += n;
            }
        }
        requests[signal].incrementAndGet();
        bytes[signal].addAndGet(size);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean json = type != null && type.startsWith("application/json");
        // An empty protobuf message is a valid Export*ServiceResponse; so is "{}" in JSON.
        respond(exchange, 200, json ? "application/json" : "application/x-protobuf",
                json ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0]);
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        OtlpSink sink = new OtlpSink(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("otlp sink received " + sink.stats())));
        System.out.println("otlp sink listening on http://127.0.0.1:" + sink.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
