package io.querylens.bootstrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * QueryLens settings. A key {@code querylens.some.key} is read, first match wins, from the agent arguments
 * ({@code -javaagent:querylens-agent.jar=querylens.some.key=v,...} or the {@code attach} command's
 * arguments), the system property {@code -Dquerylens.some.key=v}, then the environment variable
 * {@code QUERYLENS_SOME_KEY=v}. A value that does not parse or is out of range is reported once at
 * start-up and replaced by the default: a typo never stops the application.
 *
 * <p>OpenTelemetry settings ({@code OTEL_*}, {@code otel.*}) are not read here: the SDK's autoconfigure
 * reads them.
 */
public final class Config {
    private final Map<String, String> args;
    private final Map<String, String> env;
    private final boolean systemProperties;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    Config(Map<String, String> args, Map<String, String> env, boolean systemProperties) {
        this.args = args;
        this.env = env;
        this.systemProperties = systemProperties;
    }

    public static Config load(String agentArgs) {
        return new Config(parseArgs(agentArgs), System.getenv(), true);
    }

    /** For tests: settings from a map only (neither system properties nor the environment). */
    public static Config of(Map<String, String> values) {
        return new Config(new HashMap<>(values), Collections.emptyMap(), false);
    }

    static Map<String, String> parseArgs(String agentArgs) {
        Map<String, String> out = new HashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return out;
        }
        for (String part : agentArgs.split("[,;]")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String key = part.substring(0, eq).trim();
                if (!key.startsWith("querylens.")) {
                    key = "querylens." + key;
                }
                out.put(key, part.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private String systemProperty(String key) {
        return systemProperties ? System.getProperty(key) : null;
    }

    /** The raw value, or null when the key is set nowhere. */
    public String raw(String key) {
        String v = args.get(key);
        if (v == null) {
            v = systemProperty(key);
        }
        if (v == null) {
            v = env.get(envName(key));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String getString(String key, String defaultValue) {
        String v = raw(key);
        return v == null ? defaultValue : v;
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no") || v.equalsIgnoreCase("off")) {
            return false;
        }
        return invalid(key, v, "true or false", defaultValue);
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        return (int) getLong(key, defaultValue, min, max);
    }

    public long getLong(String key, long defaultValue, long min, long max) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < min || n > max) {
                return invalid(key, v, "a number from " + min + " to " + max, defaultValue);
            }
            return n;
        } catch (NumberFormatException e) {
            return invalid(key, v, "a number from " + min + " to " + max, defaultValue);
        }
    }

    public double getDouble(String key, double defaultValue, double min, double max) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            double n = Double.parseDouble(v);
            if (!(n >= min && n <= max)) {
                return invalid(key, v, "a number from " + min + " to " + max, defaultValue);
            }
            return n;
        } catch (NumberFormatException e) {
            return invalid(key, v, "a number from " + min + " to " + max, defaultValue);
        }
    }

    /**
     * A duration in milliseconds: a plain number is milliseconds; the suffixes {@code ms}, {@code s},
     * {@code m} and {@code h} are understood.
     */
    public long getMillis(String key, long defaultMillis, long minMillis, long maxMillis) {
        String v = raw(key);
        if (v == null) {
            return defaultMillis;
        }
        String s = v.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("ms")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unit = 1000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 60_000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unit = 3_600_000;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Math.round(Double.parseDouble(s.trim()) * unit);
            if (n < minMillis || n > maxMillis) {
                return invalid(key, v, "a duration from " + minMillis + "ms to " + maxMillis + "ms", defaultMillis);
            }
            return n;
        } catch (NumberFormatException e) {
            return invalid(key, v, "a duration such as 500ms, 2s or 1m", defaultMillis);
        }
    }

    /** A comma-separated list; empty when unset. */
    public List<String> getList(String key) {
        String v = raw(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    public String getChoice(String key, String defaultValue, String... allowed) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        return invalid(key, v, "one of " + String.join(", ", allowed), defaultValue);
    }

    private <T> T invalid(String key, String value, String expected, T defaultValue) {
        if (warned.add(key)) {
            Log.warn("ignoring " + key + "=" + value + ": expected " + expected + "; using the default " + defaultValue);
        }
        return defaultValue;
    }
}
