package io.querylens.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP receiver for tests, on free loopback ports: OTLP/HTTP with protobuf bodies
 * ({@code POST /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}; gzip understood) and OTLP/gRPC (the three
 * {@code Export} methods). Requests are decoded with the protocol's generated classes and kept in memory.
 *
 * <pre>
 * try (OtlpReceiver otlp = OtlpReceiver.start()) {
 *     // OTEL_EXPORTER_OTLP_ENDPOINT = otlp.httpEndpoint() with protocol http/protobuf,
 *     //                             = otlp.grpcEndpoint() with protocol grpc
 *     List&lt;ReceivedSpan&gt; spans = otlp.awaitSpans(s -&gt; s.kind.equals("CLIENT"), 3, Duration.ofSeconds(10));
 * }
 * </pre>
 * {@link #refuse(boolean)} makes both endpoints answer 503 / UNAVAILABLE and {@link #delay(Duration)} makes them
 * answer late, for tests that the agent never blocks on its receiver.
 */
public final class OtlpReceiver implements AutoCloseable {
    private static final String TRACE_SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";
    private static final String METRICS_SERVICE = "opentelemetry.proto.collector.metrics.v1.MetricsService";
    private static final String LOGS_SERVICE = "opentelemetry.proto.collector.logs.v1.LogsService";
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<byte[]>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withCause(e).asRuntimeException();
            }
        }
    };

    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final Server grpc;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<ReceivedMetric> metrics = new CopyOnWriteArrayList<>();
    private final AtomicInteger logRecords = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean refuse;
    private volatile long delayMillis;

    private OtlpReceiver() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        httpThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "otlp-receiver-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(httpThreads);
        http.createContext("/v1/", this::handleHttp);
        http.start();
        grpc = NettyServerBuilder.forAddress(new InetSocketAddress(loopback, 0))
                .addService(service(TRACE_SERVICE, "traces"))
                .addService(service(METRICS_SERVICE, "metrics"))
                .addService(service(LOGS_SERVICE, "logs"))
                .build()
                .start();
    }

    public static OtlpReceiver start() {
        try {
            return new OtlpReceiver();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test OTLP receiver", e);
        }
    }

    /** Base URL of the OTLP/HTTP endpoint ({@code http://127.0.0.1:port}); the exporter appends /v1/traces etc. */
    public String httpEndpoint() {
        return "http://" + http.getAddress().getAddress().getHostAddress() + ":" + http.getAddress().getPort();
    }

    /** URL of the OTLP/gRPC endpoint. */
    public String grpcEndpoint() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + grpc.getPort();
    }

    /** When true, every request is answered 503 (HTTP) / UNAVAILABLE (gRPC) and nothing is kept. */
    public void refuse(boolean refuse) {
        this.refuse = refuse;
    }

    /** Answers every request only after {@code delay}. */
    public void delay(Duration delay) {
        this.delayMillis = delay.toMillis();
    }

    public List<ReceivedSpan> spans() {
        return new ArrayList<>(spans);
    }

    /** Every metric of every request, in arrival order (cumulative metrics repeat at every export). */
    public List<ReceivedMetric> metrics() {
        return new ArrayList<>(metrics);
    }

    /** The most recent export of metric {@code name}, or null. */
    public ReceivedMetric lastMetric(String name) {
        ReceivedMetric last = null;
        for (ReceivedMetric m : metrics) {
            if (m.name.equals(name)) {
                last = m;
            }
        }
        return last;
    }

    public int logRecords() {
        return logRecords.get();
    }

    /** Requests answered, refused ones included. */
    public int requests() {
        return requests.get();
    }

    public int refusedRequests() {
        return refused.get();
    }

    /** Requests that could not be decoded (a test should expect none). */
    public List<String> errors() {
        return new ArrayList<>(errors);
    }

    public void clear() {
        spans.clear();
        metrics.clear();
    }

    /** Waits until at least one received span matches; returns the matching spans. */
    public List<ReceivedSpan> awaitSpans(Predicate<ReceivedSpan> match, Duration timeout) {
        return awaitSpans(match, 1, timeout);
    }

    /** Waits until at least {@code atLeast} received spans match; returns all matching spans. */
    public List<ReceivedSpan> awaitSpans(Predicate<ReceivedSpan> match, int atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedSpan> found = spans.stream().filter(match).collect(Collectors.toList());
            if (found.size() >= atLeast) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected at least " + atLeast + " matching spans within " + timeout
                        + ", found " + found.size() + "; received " + spans.size() + " spans: " + spans
                        + (errors.isEmpty() ? "" : "; decoding errors: " + errors));
            }
            sleep(20);
        }
    }

    /** Waits until the latest export of metric {@code name} satisfies {@code match}; returns it. */
    public ReceivedMetric awaitMetric(String name, Predicate<ReceivedMetric> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ReceivedMetric m = lastMetric(name);
            if (m != null && match.test(m)) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("metric " + name + " not as expected within " + timeout + "; last: " + m
                        + "; received: " + metrics.stream().map(x -> x.name).distinct().collect(Collectors.toList())
                        + (errors.isEmpty() ? "" : "; decoding errors: " + errors));
            }
            sleep(20);
        }
    }

    private void handleHttp(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String signal = path.startsWith("/v1/") ? path.substring(4) : path;
            if (!"POST".equals(exchange.getRequestMethod())
                    || !(signal.equals("traces") || signal.equals("metrics") || signal.equals("logs"))) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            byte[] body = in.readAllBytes();
            pause();
            requests.incrementAndGet();
            if (refuse) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            receive(signal, body, "http");
            // an empty Export*ServiceResponse message encodes to zero bytes
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        } finally {
            exchange.close();
        }
    }

    private ServerServiceDefinition service(String serviceName, String signal) {
        MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(serviceName, "Export"))
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
        ServerCallHandler<byte[], byte[]> handler = (call, headers) -> {
            call.request(1);
            return new ServerCall.Listener<byte[]>() {
                private byte[] request;

                @Override
                public void onMessage(byte[] message) {
                    request = message;
                }

                @Override
                public void onHalfClose() {
                    pause();
                    requests.incrementAndGet();
                    if (refuse) {
                        refused.incrementAndGet();
                        call.close(Status.UNAVAILABLE.withDescription("test receiver refuses"), new Metadata());
                        return;
                    }
                    receive(signal, request == null ? new byte[0] : request, "grpc");
                    call.sendHeaders(new Metadata());
                    call.sendMessage(new byte[0]);
                    call.close(Status.OK, new Metadata());
                }
            };
        };
        return ServerServiceDefinition.builder(serviceName).addMethod(export, handler).build();
    }

    private void receive(String signal, byte[] body, String protocol) {
        try {
            switch (signal) {
                case "traces": spans.addAll(OtlpDecoder.spans(body, protocol)); break;
                case "metrics": metrics.addAll(OtlpDecoder.metrics(body, protocol)); break;
                default: logRecords.addAndGet(OtlpDecoder.logRecords(body));
            }
        } catch (IOException | RuntimeException e) {
            errors.add(protocol + " " + signal + ": " + e);
        }
    }

    private void pause() {
        if (delayMillis > 0) {
            try {
                closed.await(delayMillis, TimeUnit.MILLISECONDS); // close() cuts every delay short
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        http.stop(0);
        httpThreads.shutdownNow();
        grpc.shutdownNow();
        try {
            grpc.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
