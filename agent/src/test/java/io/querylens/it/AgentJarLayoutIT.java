package io.querylens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The build fails if the agent jar could collide with anything an application carries. */
class AgentJarLayoutIT {
    @Test
    void everyEntryStaysInsideTheQueryLensNamespace() throws Exception {
        List<String> escaped = new ArrayList<>();
        List<String> visibleClasses = new ArrayList<>();
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                String n = e.getName();
                if (!n.startsWith("io/querylens/") && !n.startsWith("META-INF/") && !n.equals("io/")) {
                    escaped.add(n);
                }
                if (n.endsWith(".class") && !n.startsWith("io/querylens/bootstrap/")) {
                    visibleClasses.add(n);
                }
            }
        }
        assertEquals(List.of(), escaped, "entries outside io/querylens/ and META-INF/");
        assertEquals(List.of(), visibleClasses, "classes an application class loader could load");
    }

    /**
     * protobuf-java is not in the jar (the OTLP exporters encode without it), so no class may refer to it: such a
     * class fails with NoClassDefFoundError where its library expected a ClassNotFoundException (Prometheus'
     * protobuf writer did, and the Prometheus endpoint did not start).
     */
    @Test
    void noClassRefersToProtobufWhichTheJarDoesNotCarry() throws Exception {
        byte[] protobuf = "com/google/protobuf/".getBytes(StandardCharsets.US_ASCII);
        List<String> referring = new ArrayList<>();
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().endsWith(".classdata") || e.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        if (contains(in.readAllBytes(), protobuf)) {
                            referring.add(e.getName());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), referring);
    }

    private static boolean contains(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void manifestDeclaresPremainAgentMainAndRetransformation() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals("io.querylens.bootstrap.AgentMain", a.getValue("Premain-Class"));
            assertEquals("io.querylens.bootstrap.AgentMain", a.getValue("Agent-Class"));
            assertEquals("io.querylens.bootstrap.AgentMain", a.getValue("Main-Class"));
            assertEquals("true", a.getValue("Can-Retransform-Classes"));
            assertEquals("true", a.getValue("Can-Redefine-Classes"));
            assertEquals(ForkedJvm.AGENT_JAR.getFileName().toString(), a.getValue("Boot-Class-Path"),
                    "the jar names itself, next to itself, for the bootstrap class path");
            assertTrue(jar.getEntry("io/querylens/shaded/asm/ClassReader.classdata") != null, "ASM relocated");
            assertTrue(jar.getEntry("io/querylens/shaded/asm/commons/LocalVariablesSorter.classdata") != null,
                    "ASM commons relocated");
            assertTrue(jar.getEntry("io/querylens/shaded/jsqlparser/parser/CCJSqlParserUtil.classdata") != null,
                    "JSqlParser relocated");
            assertTrue(jar.getEntry("io/querylens/shaded/hdrhistogram/AtomicHistogram.classdata") != null,
                    "HdrHistogram relocated");
            assertTrue(jar.getEntry("io/querylens/shaded/opentelemetry/sdk/OpenTelemetrySdk.classdata") != null,
                    "OpenTelemetry SDK relocated");
        }
    }
}
