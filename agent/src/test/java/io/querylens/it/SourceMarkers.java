package io.querylens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Line numbers of a test application's source found by the marker comments on them ({@code // @site:KEY}),
 * so that tests asserting a finding's call site line do not break when the application is edited.
 */
public final class SourceMarkers {
    private final Path file;
    private final List<String> lines;

    private SourceMarkers(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** The source of {@code type}, under this module's {@code src/test/java}. */
    public static SourceMarkers of(Class<?> type) throws IOException {
        Path base = Paths.get(System.getProperty("basedir", "."));
        Path file = base.resolve("src/test/java").resolve(type.getName().replace('.', '/') + ".java");
        assertTrue(Files.isRegularFile(file), "no source at " + file.toAbsolutePath());
        return new SourceMarkers(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** The 1-based line carrying {@code marker}, which must appear on exactly one line. */
    public int line(String marker) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int at = l.indexOf(marker);
            if (at >= 0 && (at + marker.length() == l.length() || !Character.isLetterOrDigit(l.charAt(at + marker.length()))
                    && l.charAt(at + marker.length()) != '_')) {
                found.add(i + 1);
            }
        }
        assertEquals(1, found.size(), "lines marked " + marker + " in " + file + ": " + found);
        return found.get(0);
    }
}
