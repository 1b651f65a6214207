package io.querylens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.querylens.testing.Json;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private static String string(String s) {
        return new JsonWriter().value(s).toString();
    }

    @Test
    void quotes_backslashes_and_control_characters_are_escaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0000i\\u001fj\"", string("a\"b\\c\nd\re\tf\bg\fh\u0000i\u001fj"));
    }

    @Test
    void line_separators_and_lone_surrogates_are_escaped_but_pairs_and_other_text_kept() {
        assertEquals("\"\\u2028\\u2029\"", string("\u2028\u2029"));
        assertEquals("\"x\\ud800y\\udc00\"", string("x\uD800y\uDC00"));
        assertEquals("\"\uD83D\uDE00 é 日本 /\"", string("\uD83D\uDE00 é 日本 /"));
    }

    @Test
    void numbers_are_plain_and_non_finite_ones_null() {
        JsonWriter w = new JsonWriter().beginArray().value(3L).value(-7L).value(2.5).value(4.0)
                .value(Double.NaN).value(Double.POSITIVE_INFINITY).value((Object) 1.5e-7).endArray();
        assertEquals(Arrays.asList(3L, -7L, 2.5, 4L, null, null, 1.5e-7), Json.parse(w.toString()));
    }

    @Test
    void nested_objects_and_arrays_read_back_as_written() {
        JsonWriter w = new JsonWriter().beginObject()
                .name("empty").beginObject().endObject()
                .name("list").beginArray().value("a").nullValue().value(true).beginArray().endArray().endArray()
                .name("n").value(1L)
                .endObject();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("empty", Collections.emptyMap());
        expected.put("list", Arrays.asList("a", null, true, Collections.emptyList()));
        expected.put("n", 1L);
        assertEquals(expected, Json.parse(w.toString()));
    }
}
