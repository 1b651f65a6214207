package io.querylens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.HashSetLoopApp;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With the agent attached at JVM start, an application's {@code HashSet} loop compiles as it does with no
 * agent: its iterator is not allocated ({@code io.querylens.instrument.JdkProfiles}). Without the reset, the
 * profile the agent-induced start-up taught {@code HashSet.iterator()} leaves one iterator per loop.
 */
class JdkProfilesIT {
    private static final Pattern BYTES = Pattern.compile("bytes_per_loop=(\\d+)");

    @Test
    void aHashSetLoopAllocatesNothingWithTheAgentAsWithout() throws Exception {
        assertEquals(0, bytesPerLoop(ForkedJvm.run(HashSetLoopApp.class).withoutAgent()));
        assertEquals(0, bytesPerLoop(quiet(ForkedJvm.run(HashSetLoopApp.class))));
    }

    @Test
    void withoutTheResetTheSameLoopAllocatesItsIterator() throws Exception {
        long bytes = bytesPerLoop(quiet(ForkedJvm.run(HashSetLoopApp.class)).prop("querylens.jdk.profiles.reset", "false"));
        // a HashMap.KeyIterator: 40 bytes on JDK 17 with compressed class pointers, 32 on JDK 25
        assertTrue(bytes >= 24 && bytes <= 48, "one iterator per loop, got " + bytes);
    }

    @Test
    void onJava25Too() throws Exception {
        assertEquals(0, bytesPerLoop(quiet(ForkedJvm.run(HashSetLoopApp.class)).onJava25()));
    }

    private static ForkedJvm quiet(ForkedJvm jvm) {
        return jvm.prop("otel.traces.exporter", "none").prop("otel.metrics.exporter", "none")
                .prop("querylens.export.start.delay", "0");
    }

    private static long bytesPerLoop(ForkedJvm jvm) throws Exception {
        ForkedJvm.Result r = jvm.exec().ok();
        Matcher m = BYTES.matcher(r.output);
        assertTrue(m.find(), r.output);
        return Long.parseLong(m.group(1));
    }
}
