package io.querylens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void objects_arrays_numbers_strings_and_literals_are_read() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("score", 2181.5);
        expected.put("error", "NaN");
        expected.put("raw", Arrays.asList(Arrays.asList(1.0, -2.5e3), Arrays.asList()));
        expected.put("flags", Arrays.asList(true, false, null));
        expected.put("text", "a\"b\\c\u00e9\n");
        assertEquals(expected, Json.parse(
                " { \"score\" : 2181.5, \"error\": \"NaN\", \"raw\": [[1, -2.5E3], []],"
                        + " \"flags\": [true, false, null], \"text\": \"a\\\"b\\\\c\\u00e9\\n\" } "));
    }

    @Test
    void malformed_input_is_rejected_with_its_offset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1,}"));
        assertEquals("expected '\"' at offset 8", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] 2"));
    }
}
