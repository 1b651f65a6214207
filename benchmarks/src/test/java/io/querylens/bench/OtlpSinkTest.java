package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class OtlpSinkTest {

    @Test
    void export_requests_are_answered_200_and_counted_per_signal() throws Exception {
        try (OtlpSink sink = new OtlpSink(0)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + sink.port();
            assertEquals(200, post(client, base + "/v1/traces", new byte[1000]).statusCode());
            assertEquals(200, post(client, base + "/v1/traces", new byte[24]).statusCode());
            assertEquals(200, post(client, base + "/v1/metrics", new byte[7]).statusCode());
            assertEquals("traces=2/1024 metrics=1/7 logs=0/0", sink.stats());
            HttpResponse<String> stats = client.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("traces=2/1024 metrics=1/7 logs=0/0", stats.body());
        }
    }

    private static HttpResponse<byte[]> post(HttpClient client, String url, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
