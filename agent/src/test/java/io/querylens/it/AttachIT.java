package io.querylens.it;

import static io.querylens.it.Report.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.AttachTarget;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar querylens-agent.jar attach <pid>} instruments a running JVM, including classes it already loaded. */
class AttachIT {
    @TempDir
    Path tmp;

    @Test
    void attachingToARunningJvmCountsStatementsFromThenOn() throws Exception {
        Path go = tmp.resolve("go");
        Path report = tmp.resolve("report.json");
        Path log = tmp.resolve("target.log");
        Process target = ForkedJvm.run(AttachTarget.class, go.toString()).withoutAgent()
                .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none").start(log);
        try {
            String pid = awaitReady(log);
            CliResult attach = cli("attach", pid, "querylens.report=" + report);
            assertEquals(0, attach.exitCode, attach.output);
            assertTrue(attach.output.contains("agent loaded into process " + pid), attach.output);
            Files.createFile(go);
            assertTrue(target.waitFor(90, TimeUnit.SECONDS), "target did not finish");
            String out = Files.readString(log);
            assertEquals(0, target.exitValue(), out);
            assertTrue(out.contains("attach target done"), out);
        } finally {
            target.destroyForcibly();
        }
        Report r = Report.read(report);
        assertEquals(9, number(r.statement("select name from ql_attach where id = ?"), "count"),
                "7 on the connection opened before the attach, 2 on a new one; none from before");
        assertEquals(7, number(r.statement("select name from ql_attach where id = ?"), "rows"),
                "the new connection's table is empty");
    }

    @Test
    void aWrongPidIsReportedClearly() throws Exception {
        CliResult r = cli("attach", "999999999");
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains("cannot attach to process 999999999"), r.output);
    }

    @Test
    void aPidThatIsNotANumberIsReportedClearly() throws Exception {
        CliResult r = cli("attach", "my-app");
        assertEquals(2, r.exitCode, r.output);
        assertTrue(r.output.contains("'my-app' is not a process id"), r.output);
    }

    private static String awaitReady(Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith("ready ")) {
                        return line.substring(6).trim();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("target never became ready: " + (Files.exists(log) ? Files.readString(log) : ""));
    }

    static final class CliResult {
        final int exitCode;
        final String output;

        CliResult(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    static CliResult cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(ForkedJvm.AGENT_JAR.toString());
        for (String a : args) {
            cmd.add(a);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new CliResult(p.exitValue(), out.toString());
    }
}
