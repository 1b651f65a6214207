package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.querylens.api.spi.Detector;
import io.querylens.api.spi.FindingReporter;
import io.querylens.api.spi.StatementEvent;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtensionsTest {
    @TempDir
    Path dir;

    private final List<String> reported = new ArrayList<>();
    private final FindingReporter reporter = (type, fp, reps, suggestion) -> reported.add(type + " " + fp + " x" + reps);

    @Test
    void detectorsLoadFromTheJarsNamedInTheSettingAndSeeEachStatement() throws Exception {
        File jar = ExtensionJars.build(dir, "com.example.ext.DeleteWithoutWhere",
                "package com.example.ext;\n"
                + "import io.querylens.api.spi.*;\n"
                + "public final class DeleteWithoutWhere implements Detector {\n"
                + "  public String name() { return \"delete-without-where\"; }\n"
                + "  public void onStatement(StatementEvent s, FindingReporter r) {\n"
                + "    if (\"DELETE\".equals(s.operation()) && !s.sql().contains(\" where \")) {\n"
                + "      r.report(\"DELETE_ALL\", s.fingerprint(), s.executionsInUnit(), \"add a WHERE clause\");\n"
                + "    }\n"
                + "  }\n"
                + "}\n");
        Extensions x = Extensions.load(List.of(jar.getPath()), getClass().getClassLoader());
        assertEquals(1, x.size());
        assertEquals(List.of("com.example.ext.DeleteWithoutWhere"), x.classNames());
        ExtensionEvent e = new ExtensionEvent();
        x.onStatement(e.execution(Statements.of("DELETE", "delete from audit", false, false), 10, 1, false, 0, 1, "job"),
                reporter);
        x.onStatement(e.execution(Statements.of("DELETE", "delete from audit where id = ?", false, false), 10, 1, false,
                0, 1, "job"), reporter);
        assertEquals(1, reported.size());
        assertTrue(reported.get(0).startsWith("DELETE_ALL "), reported.toString());
    }

    @Test
    void theExampleExtensionJarLoads() {
        File jar = ExtensionJars.exampleJar();
        assumeTrue(jar.isFile(), "build it first: mvn -pl extension-api/example package");
        Extensions x = Extensions.load(List.of(jar.getPath()), getClass().getClassLoader());
        assertEquals(List.of("io.querylens.example.WideJoinDetector"), x.classNames());
    }

    @Test
    void aMissingJarIsSkipped() {
        Extensions x = Extensions.load(List.of(dir.resolve("nope.jar").toString()), getClass().getClassLoader());
        assertTrue(x.isEmpty());
    }

    @Test
    void aDetectorThatThrowsIsSwitchedOffAndTheOthersCarryOn() {
        int[] calls = new int[2];
        Detector broken = new Detector() {
            public String name() { return "broken"; }
            public void onStatement(StatementEvent s, FindingReporter r) {
                calls[0]++;
                throw new IllegalStateException("bug");
            }
        };
        Detector fine = new Detector() {
            public String name() { return "fine"; }
            public void onStatement(StatementEvent s, FindingReporter r) {
                calls[1]++;
            }
        };
        Extensions x = new Extensions(List.of(broken, fine));
        ExtensionEvent e = new ExtensionEvent().execution(Statements.select("select 1"), 1, 1, false, 0, 1, "u");
        for (int i = 0; i < 3; i++) {
            x.onStatement(e, reporter);
        }
        assertEquals(1, calls[0]);
        assertEquals(3, calls[1]);
        assertEquals(1, x.active());
    }
}
