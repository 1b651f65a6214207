package io.querylens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadDriverTest {
    private ShopApplication shop;

    @BeforeAll
    void start() {
        shop = ShopApplication.start(new ShopOptions().port(0));
    }

    @AfterAll
    void stop() {
        shop.close();
    }

    /** Output and exit status of one run. */
    private static final class Run {
        final int status;
        final String out;
        final String err;

        Run(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LoadDriver.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCountedRunOfTheWholeMixCallsEveryEndpointEquallyOftenAndWritesJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("load.json");
        Run run = run("--base=" + shop.baseUrl(), "--requests=32", "--threads=2", "--mix=all", "--batch-job", "--json=" + json);
        assertEquals(0, run.status, run.out + run.err);
        assertTrue(run.out.contains(", mix=all, threads=2, "), run.out);
        assertTrue(run.out.contains(" 33 requests, 0 errors, "), run.out);
        String report = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
        assertTrue(report.contains("{\"name\":\"POST /jobs/nightly-report\",\"count\":1,\"errors\":0,"), report);
        for (Endpoint e : Endpoints.ALL) {
            if (e.kind() == Endpoint.Kind.CLEAN || e.kind() == Endpoint.Kind.TRAP) {
                assertTrue(report.contains("{\"name\":\"" + e + "\",\"count\":2,\"errors\":0,"), e + " in " + report);
                assertTrue(run.out.contains(String.format("%-32s %8d %7d", e, 2, 0)), e + " in " + run.out);
            }
        }
        assertTrue(report.contains("\"overall\":{\"name\":\"overall\",\"count\":33,\"errors\":0,"), report);
    }

    @Test
    void theCleanMixSendsOnlyCleanEndpoints() {
        Run run = run("--base=" + shop.baseUrl(), "--requests=7", "--threads=1", "--mix=clean");
        assertEquals(0, run.status, run.out + run.err);
        assertTrue(run.out.contains(" 7 requests, 0 errors, "), run.out);
        assertTrue(!run.out.contains("/traps/"), run.out);
    }

    @Test
    void aRunIsBoundedByItsDuration() {
        long start = System.nanoTime();
        Run run = run("--base=" + shop.baseUrl(), "--duration=1500ms", "--threads=2", "--mix=clean");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(0, run.status, run.out + run.err);
        assertTrue(seconds < 10, "took " + seconds + " s");
    }

    @Test
    void aFixedRateSendsOnSchedule() {
        // 20 requests at 20 per second: the last is due 950 ms after the first, however fast the shop answers
        long start = System.nanoTime();
        Run run = run("--base=" + shop.baseUrl(), "--requests=20", "--rate=20", "--threads=2", "--mix=clean");
        long millis = (System.nanoTime() - start) / 1_000_000L;
        assertEquals(0, run.status, run.out + run.err);
        assertTrue(run.out.contains(" 20 requests, 0 errors, "), run.out);
        assertTrue(millis >= 950, "the schedule was kept: " + millis + " ms");
    }

    @Test
    void aWarmUpSendsTheSameLoadFirstAndCountsNoneOfIt() {
        // 1 s of warm-up and 1 s measured at 20 per second: 20 requests counted; the last of each phase is due
        // 950 ms after its first, so the two take at least 1.9 s
        long start = System.nanoTime();
        Run run = run("--base=" + shop.baseUrl(), "--warmup=1s", "--duration=1s", "--rate=20", "--threads=2", "--mix=clean");
        long millis = (System.nanoTime() - start) / 1_000_000L;
        assertEquals(0, run.status, run.out + run.err);
        assertTrue(run.out.contains(" 20 requests, 0 errors, "), run.out);
        assertTrue(millis >= 1900, "the warm-up ran first: " + millis + " ms");
    }

    @Test
    void failedRequestsAreCountedAndMakeTheExitStatusOne() {
        Run run = run("--base=" + shop.baseUrl() + "/no-such-prefix", "--requests=2", "--threads=1", "--mix=traps");
        assertEquals(1, run.status, run.out);
        assertTrue(run.out.contains(" 2 requests, 2 errors, "), run.out);
        assertTrue(run.out.contains("first error of GET /traps/n-plus-one: HTTP 404 for GET " + shop.baseUrl()
                + "/no-such-prefix/traps/n-plus-one: {\"error\":\"no such endpoint: GET /no-such-prefix/traps/n-plus-one\"}"), run.out);
    }

    @Test
    void aBadArgumentIsExplainedWithExitStatusTwo() {
        Run run = run("--mix=some");
        assertEquals(2, run.status);
        assertTrue(run.err.startsWith("load driver: --mix must be all, clean or traps, not 'some'"), run.err);
    }
}
