package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The smoke run of the whole harness, {@code bash benchmarks/run.sh --quick}, as the build runs it: every part
 * (JMH per statement, thread CPU time, start-up, memory, the demo under load) with every configuration, on the
 * jars this build made, into {@code target/smoke-run} so that a full run's results are left alone. The figures
 * mean nothing; what is checked is that each part ran, no run failed, QueryLens started, and the summary has
 * every table. About two minutes.
 */
class RunScriptIT {
    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run through Maven (mvn verify)");
        }
        return Paths.get(value).toAbsolutePath().normalize();
    }

    private static Path built(String property) {
        Path jar = path(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the smoke run uses the jars of the whole build, so run"
                    + " mvn verify from the project's root");
        }
        return jar;
    }

    @Test
    void the_quick_run_measures_every_part_with_every_configuration_and_summarizes_them() throws Exception {
        Path results = path("bench.results.dir");
        ProcessBuilder pb = new ProcessBuilder("bash", path("bench.script").toString(), "--quick");
        Map<String, String> env = pb.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.put("JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        env.put("QL_JAR", built("querylens.agent.jar").toString());
        env.put("DEMO_JAR", built("demo.jar").toString());
        env.put("RESULTS_DIR", results.toString());
        Files.createDirectories(results);
        File log = results.resolve("run.log").toFile();
        pb.redirectErrorStream(true).redirectOutput(log);
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue(done, "the quick run took over 10 minutes:\n" + output);
        assertEquals(0, p.exitValue(), "run.sh --quick failed:\n" + output);

        String md = Files.readString(results.resolve("results.md"), StandardCharsets.UTF_8);
        assertTrue(md.startsWith("## QueryLens overhead (smoke, not a measurement)"), md);
        for (String table : new String[] {"### Budget", "### Per statement\n", "### Per row of a large result",
                "### Per statement, thread CPU time", "### QueryLens on and off in one JVM\n",
                "### QueryLens on and off in one JVM, per row", "### Per row through a connection pool, thread CPU time",
                "### Start-up", "### Under load",
                "### Under load, QueryLens on and off in one JVM", "### Memory"}) {
            assertTrue(md.contains(table), "no " + table.trim() + " in\n" + md);
        }
        for (String row : new String[] {"| no agent |", "| a do-nothing agent |", "| QueryLens |",
                "| OpenTelemetry agent |", "| QueryLens, OTLP export |", "| OpenTelemetry agent, OTLP export |"}) {
            assertTrue(md.contains(row), "no row " + row + " in\n" + md);
        }
        assertFalse(md.contains("not measured"), "a budget figure was not measured:\n" + md);
        assertFalse(md.contains("FAILED"), md);
        assertFalse(md.contains("did not start"), md);
    }
}
