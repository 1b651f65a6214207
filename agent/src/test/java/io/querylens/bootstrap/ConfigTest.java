package io.querylens.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    @Test
    void agentArgumentsWinOverTheEnvironmentAndMayOmitThePrefix() {
        Config c = new Config(Config.parseArgs("querylens.report=/a.json,unit.idle.timeout=2s"),
                Map.of("QUERYLENS_REPORT", "/b.json", "QUERYLENS_LOG_LEVEL", "debug"), false);
        assertEquals("/a.json", c.getString("querylens.report", null));
        assertEquals(2000, c.getMillis("querylens.unit.idle.timeout", 1000, 1, 60_000));
        assertEquals("debug", c.raw("querylens.log.level"), "the environment is read as QUERYLENS_SOME_KEY");
    }

    @Test
    void systemPropertiesWinOverTheEnvironment() {
        System.setProperty("querylens.test.precedence", "property");
        try {
            Config c = new Config(Map.of(), Map.of("QUERYLENS_TEST_PRECEDENCE", "env"), true);
            assertEquals("property", c.getString("querylens.test.precedence", null));
        } finally {
            System.clearProperty("querylens.test.precedence");
        }
    }

    @Test
    void durationsUnderstandUnitsAndPlainMilliseconds() {
        Config c = Config.of(Map.of("a", "250", "b", "250ms", "c", "1.5s", "d", "2m", "e", "1h"));
        assertEquals(250, c.getMillis("a", 0, 0, Long.MAX_VALUE));
        assertEquals(250, c.getMillis("b", 0, 0, Long.MAX_VALUE));
        assertEquals(1500, c.getMillis("c", 0, 0, Long.MAX_VALUE));
        assertEquals(120_000, c.getMillis("d", 0, 0, Long.MAX_VALUE));
        assertEquals(3_600_000, c.getMillis("e", 0, 0, Long.MAX_VALUE));
    }

    @Test
    void aBadValueFallsBackToTheDefault() {
        Config c = Config.of(Map.of("n", "abc", "big", "5000", "flag", "perhaps", "ratio", "2.5", "level", "loud",
                "d", "soon"));
        assertEquals(5, c.getInt("n", 5, 1, 100));
        assertEquals(5, c.getInt("big", 5, 1, 100), "out of range");
        assertTrue(c.getBoolean("flag", true));
        assertEquals(1.0, c.getDouble("ratio", 1.0, 0, 1));
        assertEquals("info", c.getChoice("level", "info", "debug", "info"));
        assertEquals(1000, c.getMillis("d", 1000, 1, 60_000));
    }

    @Test
    void booleansAndListsAndUnsetKeys() {
        Config c = Config.of(Map.of("t", "YES", "f", "off", "l", " a, b ,,c "));
        assertTrue(c.getBoolean("t", false));
        assertFalse(c.getBoolean("f", true));
        assertEquals(List.of("a", "b", "c"), c.getList("l"));
        assertEquals(List.of(), c.getList("missing"));
        assertNull(c.raw("missing"));
    }
}
