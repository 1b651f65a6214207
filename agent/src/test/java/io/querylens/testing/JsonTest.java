package io.querylens.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void values_become_maps_lists_strings_longs_doubles_booleans_and_null() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\"b\\c\n\u00e9\uD83D\uDE00/");
        expected.put("n", Arrays.asList(0L, -12L, 1.5, 2e3, 12345678901234567890.0));
        expected.put("b", Arrays.asList(true, false, null));
        assertEquals(expected, Json.parse(" {\"s\": \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\\/\", "
                + "\"n\": [0, -12, 1.5, 2e3, 12345678901234567890], \"b\": [true, false, null]} "));
    }

    @Test
    void malformed_input_is_refused() {
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "\"unterminated", "01x", "[1] 2", "tru",
                "{\"a\": 1, \"a\": 2}", "\"\u0001\""}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
