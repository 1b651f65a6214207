package io.querylens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The fat jar, run as a user runs it: {@code java -jar querylens-demo.jar}, and the load driver from it. */
class ShopJarIT {
    private static final Pattern LISTENING = Pattern.compile("demo listening on (http://127\\.0\\.0\\.1:\\d+)");

    private static Path jar() {
        Path jar = Paths.get(System.getProperty("querylens.demo.jar", "target/querylens-demo.jar"));
        assertTrue(Files.isRegularFile(jar), "no fat jar at " + jar.toAbsolutePath());
        return jar;
    }

    /** A child JVM with its stdout lines queued and its stderr collected. */
    private static final class Child {
        final Process process;
        final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        final StringBuffer err = new StringBuffer();

        Child(String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(Arrays.asList(args));
            process = new ProcessBuilder(command).start();
            pump(process.getInputStream(), line -> out.add(line));
            pump(process.getErrorStream(), line -> err.append(line).append('\n'));
        }

        private static void pump(InputStream in, java.util.function.Consumer<String> sink) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        sink.accept(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** The base URL from the "demo listening on" line. */
        String awaitListening() throws InterruptedException {
            String line = out.poll(120, TimeUnit.SECONDS);
            assertNotNull(line, "no output; stderr: " + err);
            Matcher m = LISTENING.matcher(line);
            assertTrue(m.matches(), line + "; stderr: " + err);
            return m.group(1);
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not exit; stderr: " + err);
            }
            return process.exitValue();
        }

        String stdout() {
            return String.join("\n", out);
        }
    }

    @Test
    void theJarServesQuietlyDrivesLoadAndExitsCleanlyOnShutdown() throws Exception {
        Child shop = new Child("-jar", jar().toString(), "--port=0");
        try {
            String base = shop.awaitListening();
            Http.Response count = Http.get(base + "/products/count");
            assertEquals(200, count.status);
            assertEquals("{\"count\":200}", count.body);

            Child load = new Child("-cp", jar().toString(), "io.querylens.demo.LoadDriver", "--base=" + base,
                    "--requests=16", "--threads=2", "--mix=all");
            assertEquals(0, load.awaitExit(), load.stdout() + load.err);
            Thread.sleep(200); // let the pump take the last lines
            assertTrue(load.stdout().contains(" 16 requests, 0 errors, "), load.stdout());

            Http.Response bye = Http.post(base + "/shutdown");
            assertEquals(200, bye.status);
            assertEquals(0, shop.awaitExit(), shop.err.toString());
            assertEquals("", shop.err.toString(), "the shop should log nothing below WARNING, and nothing went wrong");
        } finally {
            shop.process.destroyForcibly();
        }
    }

    @Test
    void exitAfterStopsTheShopWithStatusZero() throws Exception {
        Child shop = new Child("-jar", jar().toString(), "--port=0", "--exit-after=1");
        try {
            shop.awaitListening();
            assertEquals(0, shop.awaitExit(), shop.err.toString());
        } finally {
            shop.process.destroyForcibly();
        }
    }

    @Test
    void aBadFlagIsExplainedWithStatusTwo() throws Exception {
        Child shop = new Child("-jar", jar().toString(), "--db=oracle");
        assertEquals(2, shop.awaitExit());
        Thread.sleep(200);
        assertTrue(shop.err.toString().startsWith("demo: unknown database 'oracle': use h2, postgresql or mariadb\nusage: "), shop.err.toString());
    }
}
