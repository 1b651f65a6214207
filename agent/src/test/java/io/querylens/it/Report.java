package io.querylens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.testing.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The agent's JSON report, as the integration tests read it. */
public final class Report {
    public final Map<String, Object> root;
    public final Path path;

    private Report(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    public static Report read(Path path) throws IOException {
        assertTrue(Files.isRegularFile(path), "no report at " + path);
        return new Report(path, Json.object(Json.parse(path)));
    }

    public List<Map<String, Object>> statements() {
        return Json.list(root.get("statements")).stream().map(Json::object).collect(Collectors.toList());
    }

    public List<Map<String, Object>> findings() {
        return Json.list(root.get("findings")).stream().map(Json::object).collect(Collectors.toList());
    }

    /** The one statement whose normalized SQL contains every fragment (case-insensitive). */
    public Map<String, Object> statement(String... fragments) {
        List<Map<String, Object>> matches = statements().stream()
                .filter(s -> {
                    String sql = String.valueOf(s.get("sql")).toLowerCase(Locale.ROOT);
                    for (String f : fragments) {
                        if (!sql.contains(f.toLowerCase(Locale.ROOT))) {
                            return false;
                        }
                    }
                    return true;
                })
                .collect(Collectors.toList());
        assertEquals(1, matches.size(), "statements matching " + String.join(" & ", fragments) + " in " + sqls());
        return matches.get(0);
    }

    public List<String> sqls() {
        return statements().stream().map(s -> String.valueOf(s.get("sql"))).collect(Collectors.toList());
    }

    public static long number(Map<String, Object> o, String key) {
        Object v = o.get(key);
        assertTrue(v instanceof Number, key + " is not a number in " + o);
        return ((Number) v).longValue();
    }
}
