package io.querylens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.demo.traps.CountInAppTrap;
import io.querylens.demo.traps.DuplicateQueryTrap;
import io.querylens.demo.traps.LargeResultTrap;
import io.querylens.demo.traps.NPlusOneTrap;
import io.querylens.demo.traps.OverFetchRowsTrap;
import io.querylens.demo.traps.QueryExplosionTrap;
import io.querylens.demo.traps.SelectStarTrap;
import io.querylens.demo.traps.SlowQueryTrap;
import io.querylens.demo.traps.UnbatchedWritesTrap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo shop's fat jar under the real agent jar, as a user runs it: every endpoint is hit a known number
 * of times, the shop is stopped with {@code POST /shutdown}, and the agent's JSON report must hold exactly
 * one finding per trap (two for the explosion, which is also an N+1) — with its repetitions, one occurrence
 * per request, the request as unit of work ({@code GET /traps/n-plus-one}) and a call site in the trap's own
 * class — and nothing for the clean endpoints, the nightly job or the shop's start-up.
 */
class DemoUnderAgentIT {
    /** Requests per trap: each is a unit of work, so each finding's occurrences. */
    static final int TRAP_HITS = 2;
    /** Requests per clean endpoint. */
    static final int CLEAN_HITS = 3;
    private static final Pattern LISTENING = Pattern.compile(".*demo listening on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path tmp;

    /** A finding the report must hold: its type, request, repetitions, and the trap's class and method. */
    static final class Expected {
        final String type;
        final String unit;
        final long repetitions;
        final Class<?> site;
        final String method;
        /** A fragment of the source line the call site must be on, or null when any line of the method is. */
        final String lineMarker;

        Expected(String type, String unit, long repetitions, Class<?> site, String method, String lineMarker) {
            this.type = type;
            this.unit = unit;
            this.repetitions = repetitions;
            this.site = site;
            this.method = method;
            this.lineMarker = lineMarker;
        }

        String key() {
            return type + " in " + unit;
        }
    }

    static List<Expected> expected() {
        return List.of(
                new Expected("N_PLUS_ONE", "GET /traps/n-plus-one", NPlusOneTrap.ORDERS, NPlusOneTrap.class,
                        "lambda$run$", "// the trap: a lazy load per order"),
                new Expected("DUPLICATE_QUERY", "GET /traps/duplicate", DuplicateQueryTrap.LOOKUPS,
                        DuplicateQueryTrap.class, "setting", ".getSingleResult()"),
                new Expected("UNBATCHED_WRITES", "POST /traps/unbatched", UnbatchedWritesTrap.ROWS,
                        UnbatchedWritesTrap.class, "run", "// the trap: one round trip per row"),
                new Expected("OVER_FETCH_COLUMNS", "GET /traps/select-star", 1, SelectStarTrap.class, "run", null),
                new Expected("OVER_FETCH_ROWS", "GET /traps/over-fetch-rows", 1, OverFetchRowsTrap.class, "run", null),
                new Expected("COUNT_IN_APP", "GET /traps/count-in-app", 1, CountInAppTrap.class, "run", null),
                new Expected("LARGE_RESULT", "GET /traps/large-result", 1, LargeResultTrap.class, "run", null),
                new Expected("SLOW_QUERY", "GET /traps/slow", 1, SlowQueryTrap.class, "run",
                        "// the trap: 1.2 s in the database"),
                new Expected("QUERY_EXPLOSION", "GET /traps/explosion", QueryExplosionTrap.LOOKUPS,
                        QueryExplosionTrap.class, "price", "try (ResultSet rs = ps.executeQuery())"),
                new Expected("N_PLUS_ONE", "GET /traps/explosion", QueryExplosionTrap.LOOKUPS,
                        QueryExplosionTrap.class, "price", "try (ResultSet rs = ps.executeQuery())"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void everyTrapRaisesExactlyItsFindingsAndNothingElseDoes(String db) throws Exception {
        if (db.equals("postgresql")) {
            DatabaseServers.assumeReachable("PostgreSQL", 5432);
        } else if (db.equals("mariadb")) {
            DatabaseServers.assumeReachable("MariaDB", 3306);
        }
        Path report = tmp.resolve("report.json");
        Child shop = new Child("-javaagent:" + agentJar(), "-Dquerylens.report=" + report, "-jar", demoJar().toString(),
                "--port=0", "--db=" + db);
        try {
            String base = shop.awaitListening();
            for (int i = 1; i <= CLEAN_HITS; i++) {
                ok(Http.get(base + "/"));
                ok(Http.get(base + "/orders/" + i));
                ok(Http.get(base + "/orders"));
                ok(Http.get(base + "/products/search?q=" + i));
                ok(Http.get(base + "/customers/" + i + "/exists"));
                ok(Http.post(base + "/orders/import"));
                ok(Http.get(base + "/events/export"));
                ok(Http.get(base + "/products/count"));
                ok(Http.post(base + "/jobs/nightly-report"));
            }
            for (int i = 0; i < TRAP_HITS; i++) {
                for (Endpoint e : Endpoints.ALL) {
                    if (e.kind() == Endpoint.Kind.TRAP) {
                        ok(e.method().equals("POST") ? Http.post(base + e.path()) : Http.get(base + e.path()));
                    }
                }
            }
            ok(Http.post(base + "/shutdown"));
            assertEquals(0, shop.awaitExit(), shop.output());
        } finally {
            shop.process.destroyForcibly();
        }
        assertReport(ReportJson.parse(new String(Files.readAllBytes(report), StandardCharsets.UTF_8)), shop.output());
    }

    private static void ok(Http.Response r) {
        assertEquals(200, r.status, r.body);
    }

    @SuppressWarnings("unchecked")
    static void assertReport(Object parsed, String shopOutput) throws IOException {
        Map<String, Object> root = (Map<String, Object>) parsed;
        List<Map<String, Object>> findings = (List<Map<String, Object>>) root.get("findings");
        assertNotNull(findings, "no findings[] in the report");
        String described = describe(findings) + "\nshop output:\n" + shopOutput;
        TreeSet<String> want = expected().stream().map(Expected::key).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> got = findings.stream().map(f -> f.get("type") + " in " + f.get("unitOfWork"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(want, got, "the report's findings:\n" + described);
        assertEquals(want.size(), findings.size(), "one aggregate per finding:\n" + described);
        for (Expected e : expected()) {
            Map<String, Object> f = findings.stream().filter(x -> (x.get("type") + " in " + x.get("unitOfWork"))
                    .equals(e.key())).findFirst().orElseThrow();
            String what = e.key() + ": " + f;
            assertEquals(e.repetitions, ((Number) f.get("repetitions")).longValue(), what);
            assertEquals(TRAP_HITS, ((Number) f.get("occurrences")).longValue(), what);
            Map<String, Object> site = (Map<String, Object>) f.get("callSite");
            String cls = String.valueOf(site.get("class"));
            assertEquals(e.site.getName(), cls, "the trap's own class, not a proxy, Hibernate or the agent: " + what);
            String method = String.valueOf(site.get("method"));
            assertTrue(e.method.endsWith("$") ? method.startsWith(e.method) : method.equals(e.method), what);
            assertEquals(e.site.getSimpleName() + ".java", site.get("file"), what);
            int line = ((Number) site.get("line")).intValue();
            if (e.lineMarker != null) {
                assertEquals(lineOf(e.site, e.lineMarker), line, what);
            } else {
                assertTrue(line > 0, what);
            }
            assertTrue(f.get("suggestion") instanceof String && !((String) f.get("suggestion")).isBlank(), what);
            if (e.type.equals("QUERY_EXPLOSION")) {
                assertEquals(null, f.get("sql"), what);
            } else {
                String sql = String.valueOf(f.get("sql"));
                assertFalse(sql.contains("'"), "a string literal in " + what);
                assertFalse(sql.matches(".*(=|>|<|LIMIT|OFFSET) *[0-9].*"), "a number literal in " + what);
            }
        }
    }

    /** The line of the trap's source holding {@code fragment}, which must be on exactly one line. */
    static int lineOf(Class<?> type, String fragment) throws IOException {
        Path file = Paths.get(System.getProperty("basedir", "."), "src/main/java",
                type.getName().replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                found.add(i + 1);
            }
        }
        assertEquals(1, found.size(), "lines of " + file + " holding '" + fragment + "': " + found);
        return found.get(0);
    }

    static String describe(List<Map<String, Object>> findings) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, Object> f : findings) {
            out.put(f.get("type") + " in " + f.get("unitOfWork"), "x" + f.get("repetitions") + " in "
                    + f.get("occurrences") + " units at " + f.get("callSite") + ": " + f.get("sql"));
        }
        return out.entrySet().stream().map(e -> "  " + e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n"));
    }

    /** The agent jar the agent module packaged, found from this module's directory. */
    static Path agentJar() {
        Path jar = Paths.get(System.getProperty("querylens.agent.jar",
                Paths.get(System.getProperty("basedir", "."), "../agent/target/querylens-agent.jar").toString()))
                .toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "no agent jar at " + jar + " (the agent module packages it)");
        return jar;
    }

    static Path demoJar() {
        Path jar = Paths.get(System.getProperty("querylens.demo.jar", "target/querylens-demo.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "no fat jar at " + jar);
        return jar;
    }

    /** The shop's JVM, its output (stdout and stderr) collected line by line. */
    static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuffer all = new StringBuffer();

        Child(String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("QUERYLENS_"));
            pb.environment().put("OTEL_TRACES_EXPORTER", "none");
            pb.environment().put("OTEL_METRICS_EXPORTER", "none");
            process = pb.start();
            pump(process.getInputStream(), line -> {
                all.append(line).append('\n');
                lines.add(line);
            });
        }

        private static void pump(InputStream in, Consumer<String> sink) {
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

        /** The base URL from the "demo listening on" line (the agent may print lines before it). */
        String awaitListening() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.matches()) {
                        return m.group(1);
                    }
                } else if (!process.isAlive()) {
                    break;
                }
            }
            throw new AssertionError("the shop did not start; output:\n" + all);
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not exit; output:\n" + all);
            }
            return process.exitValue();
        }

        String output() {
            return all.toString();
        }
    }
}
