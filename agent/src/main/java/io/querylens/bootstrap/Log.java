package io.querylens.bootstrap;

import java.io.PrintStream;

/**
 * The agent's own log: plain lines on standard error with a {@code [querylens]} prefix. Used at start-up,
 * shutdown and when something fails — never on the statement hot path.
 */
public final class Log {
    private static volatile int level = 1; // 0 debug, 1 info, 2 warn, 3 error, 4 off
    private static volatile PrintStream out = System.err;

    private Log() {}

    static void configure(Config config) {
        String l = config.getChoice("querylens.log.level", "info", "debug", "info", "warn", "error", "off");
        switch (l) {
            case "debug": level = 0; break;
            case "warn": level = 2; break;
            case "error": level = 3; break;
            case "off": level = 4; break;
            default: level = 1;
        }
    }

    public static boolean debugEnabled() {
        return level <= 0;
    }

    public static void debug(String message) {
        if (level <= 0) {
            out.println("[querylens] DEBUG " + message);
        }
    }

    public static void info(String message) {
        if (level <= 1) {
            out.println("[querylens] " + message);
        }
    }

    public static void warn(String message) {
        if (level <= 2) {
            out.println("[querylens] WARN " + message);
        }
    }

    public static void error(String message, Throwable t) {
        if (level <= 3) {
            out.println("[querylens] ERROR " + message + (t == null ? "" : ": " + t));
            if (t != null && level <= 0) {
                t.printStackTrace(out);
            }
        }
    }
}
