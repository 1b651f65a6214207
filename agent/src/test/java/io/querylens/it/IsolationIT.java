package io.querylens.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.OwnLibrariesApp;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * An application carrying its own ByteBuddy 1.14, OpenTelemetry 1.44 and JSqlParser 4.9 runs unaffected by
 * the agent, which carries other versions of all three, and cannot see the agent's classes.
 */
class IsolationIT {
    @Test
    void applicationWithItsOwnLibrariesRunsUnaffected() throws Exception {
        ForkedJvm.Result r = withLibraries(ForkedJvm.run(OwnLibrariesApp.class,
                "byte-buddy-1.14.18", "jsqlparser-4.9", "opentelemetry-sdk-trace-1.44.1", "asm-9.2"))
                .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none")
                .exec().ok();
        assertTrue(r.output.contains("isolation ok"), r.output);
    }

    @Test
    void theSameApplicationRunsWithoutTheAgent() throws Exception {
        ForkedJvm.Result r = withLibraries(ForkedJvm.run(OwnLibrariesApp.class,
                "byte-buddy-1.14.18", "jsqlparser-4.9", "opentelemetry-sdk-trace-1.44.1", "asm-9.2")).withoutAgent().exec().ok();
        assertTrue(r.output.contains("isolation ok"), r.output);
    }

    static ForkedJvm withLibraries(ForkedJvm jvm) {
        Path libs = Paths.get(System.getProperty("querylens.it.libs", "target/it-libs"));
        File[] jars = libs.toFile().listFiles((d, n) -> n.endsWith(".jar"));
        assertTrue(jars != null && jars.length == 8, "isolation test libraries missing in " + libs);
        for (File jar : jars) {
            jvm.classPath(jar.getAbsolutePath());
        }
        return jvm;
    }
}
