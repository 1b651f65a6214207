package io.querylens.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code java -cp benchmarks.jar io.querylens.bench.HttpPost URL}: sends an empty POST (how run.sh asks the
 * demo to shut down without needing curl) and prints the status; exits 1 if the request fails.
 */
public final class HttpPost {
    private HttpPost() {}

    public static void main(String[] args) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            System.out.println("POST " + args[0] + " -> " + response.statusCode());
        } catch (Exception e) {
            System.out.println("POST " + args[0] + " failed: " + e);
            System.exit(1);
        }
    }
}
