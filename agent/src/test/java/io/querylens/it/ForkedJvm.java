package io.querylens.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a test application in a new JVM with the real, shaded agent jar attached — the way users run it.
 * The application's class path holds only the test applications and the libraries they use (drivers, pool),
 * never the agent's own classes.
 */
public final class ForkedJvm {
    public static final Path AGENT_JAR = Paths.get(System.getProperty("querylens.agent.jar", "target/querylens-agent.jar"))
            .toAbsolutePath();
    static final String JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    private String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    private boolean agent = true;
    private Path agentJar = AGENT_JAR;
    private String agentArgs;
    private final Map<String, String> props = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> extraClassPath = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private String mainClass;
    private List<String> args = new ArrayList<>();
    private long timeoutSeconds = 120;

    public static ForkedJvm run(Class<?> main, String... args) {
        ForkedJvm f = new ForkedJvm();
        f.mainClass = main.getName();
        f.args = Arrays.asList(args);
        return f;
    }

    /** A JDK 25 runtime: the machines have it; elsewhere the test is skipped, except in CI. */
    public ForkedJvm onJava25() {
        if (!new File(JAVA_25).canExecute()) {
            Environment.missing("JDK 25 at " + JAVA_25);
        }
        java = JAVA_25;
        return this;
    }

    public ForkedJvm withoutAgent() {
        agent = false;
        return this;
    }

    /** The agent from another copy of the jar (a renamed one, say). */
    public ForkedJvm agentJar(Path jar) {
        agentJar = jar.toAbsolutePath();
        return this;
    }

    public ForkedJvm agentArgs(String a) {
        agentArgs = a;
        return this;
    }

    public ForkedJvm prop(String key, String value) {
        props.put(key, value);
        return this;
    }

    public ForkedJvm env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public ForkedJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public ForkedJvm classPath(String entry) {
        extraClassPath.add(entry);
        return this;
    }

    public ForkedJvm timeout(long seconds) {
        timeoutSeconds = seconds;
        return this;
    }

    public List<String> command() {
        assertTrue(Files.isRegularFile(AGENT_JAR), "agent jar missing: " + AGENT_JAR + " (run mvn package)");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xshare:auto");
        if (agent) {
            cmd.add("-javaagent:" + agentJar + (agentArgs == null ? "" : "=" + agentArgs));
        }
        cmd.addAll(jvmArgs);
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        List<String> cp = new ArrayList<>(extraClassPath);
        cp.addAll(applicationClassPath());
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** The test JVM's class path minus the agent's own classes and libraries, which the jar carries shaded. */
    static List<String> applicationClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.replace('\\', '/').endsWith("agent/target/classes"))
                .filter(e -> {
                    if (e.replace('\\', '/').endsWith("extension-api/target/classes")) {
                        return true; // the public API, from the reactor before it is packaged
                    }
                    String n = Paths.get(e).getFileName().toString();
                    return e.endsWith("test-classes") || e.replace('\\', '/').endsWith("extension-api/target/classes")
                            || n.startsWith("h2-") || n.startsWith("postgresql-")
                            || n.startsWith("mariadb-java-client") || n.startsWith("HikariCP") || n.startsWith("slf4j-")
                            || n.startsWith("querylens-extension-api") || n.startsWith("extension-api")
                            || n.startsWith("tomcat-embed-core") || n.startsWith("tomcat-annotations-api");
                })
                .collect(Collectors.toList());
    }

    public Process start(Path output) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("QUERYLENS_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    public Result exec() throws IOException, InterruptedException {
        Path out = Files.createTempFile("querylens-fork", ".log");
        Process p = start(out);
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String text = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return new Result(done ? p.exitValue() : -1, text, !done);
    }

    public static final class Result {
        public final int exitCode;
        public final String output;
        public final boolean timedOut;

        Result(int exitCode, String output, boolean timedOut) {
            this.exitCode = exitCode;
            this.output = output;
            this.timedOut = timedOut;
        }

        /** Asserts the application exited normally, showing its output otherwise. */
        public Result ok() {
            assertTrue(!timedOut && exitCode == 0, "forked JVM failed (exit " + exitCode + (timedOut ? ", timed out" : "")
                    + "):\n" + output);
            return this;
        }
    }

    static void abort(String message) {
        System.out.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }
}
