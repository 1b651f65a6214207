package io.querylens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/** One line describing where the figures were measured: CPU, cores, memory, OS, JVM. */
public final class Machine {
    private Machine() {}

    public static String describe() {
        return cpu() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs" + memory() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    private static String cpu() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
            }
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, ", %.0f GB RAM", kb / 1024.0 / 1024.0);
            }
        }
        return "";
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Paths.get(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    public static void main(String[] args) {
        System.out.println(describe());
    }
}
