package io.querylens.detect;

import io.querylens.bootstrap.Config;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds the application's own packages, where call sites are looked for: {@code querylens.app.packages}
 * when set, else the package of the main class. The main class comes from the {@code sun.java.command}
 * property: its first token is a class name, {@code module/class}, or a jar; for a jar (and for a Spring
 * Boot launcher started from the class path) the manifest's {@code Start-Class} — the application class
 * behind Spring Boot's {@code JarLauncher} — is preferred to its {@code Main-Class}.
 *
 * <p>A main class in a library's package (a server's or a build tool's bootstrap) or in the default
 * package says nothing about the application: the packages are then unknown and call sites fall back to
 * the first frame that is not a library's.
 */
public final class AppPackages {
    private static final String BOOT_LOADER = "org.springframework.boot.loader.";

    private AppPackages() {}

    public static List<String> fromConfig(Config config) {
        List<String> set = config.getList("querylens.app.packages");
        if (!set.isEmpty()) {
            return set;
        }
        try {
            String pkg = packageOf(mainClass(System.getProperty("sun.java.command"),
                    System.getProperty("java.class.path")));
            return pkg == null ? Collections.emptyList() : Collections.singletonList(pkg);
        } catch (RuntimeException e) {
            return Collections.emptyList();
        }
    }

    /**
     * The application's main class from the launch command and class path, or null.
     *
     * @param command   {@code sun.java.command}: {@code com.shop.Main args}, {@code mod/com.shop.Main args}
     *                  or {@code shop.jar args}
     * @param classPath {@code java.class.path}, consulted when the main class is a Spring Boot launcher
     */
    public static String mainClass(String command, String classPath) {
        if (command == null || command.isBlank()) {
            return null;
        }
        String first = command.trim().split("\\s+", 2)[0];
        String main;
        if (first.toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
            main = applicationClass(readManifest(new File(first)));
        } else {
            int slash = first.indexOf('/');
            main = slash >= 0 ? first.substring(slash + 1) : first;
            if (main.startsWith(BOOT_LOADER) && classPath != null && !classPath.isBlank()) {
                String entry = classPath.split(File.pathSeparator, 2)[0];
                String start = startClass(readManifest(new File(entry)));
                if (start != null) {
                    main = start;
                }
            }
        }
        return main == null || main.isBlank() ? null : main.trim();
    }

    /** {@code Start-Class} when the manifest has one (Spring Boot), else {@code Main-Class}; null without either. */
    static String applicationClass(Manifest manifest) {
        if (manifest == null) {
            return null;
        }
        String start = startClass(manifest);
        return start != null ? start : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
    }

    private static String startClass(Manifest manifest) {
        return manifest == null ? null : manifest.getMainAttributes().getValue("Start-Class");
    }

    /** The manifest of a jar, or of an exploded directory ({@code META-INF/MANIFEST.MF}); null when unreadable. */
    static Manifest readManifest(File file) {
        try {
            if (file.isDirectory()) {
                File mf = new File(file, JarFile.MANIFEST_NAME);
                if (!mf.isFile()) {
                    return null;
                }
                try (InputStream in = new FileInputStream(mf)) {
                    return new Manifest(in);
                }
            }
            if (!file.isFile()) {
                return null;
            }
            try (JarFile jar = new JarFile(file, false)) {
                return jar.getManifest();
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /**
     * The package of {@code mainClass} when it can stand for the application: not in the default package,
     * not a library's, not the agent's. Null otherwise.
     */
    public static String packageOf(String mainClass) {
        if (mainClass == null) {
            return null;
        }
        int dot = mainClass.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        FrameFilter libraries = new FrameFilter(Collections.emptyList(), Collections.emptyList());
        if (libraries.isFramework(mainClass) || libraries.isAgentOrProxy(mainClass)) {
            return null;
        }
        return mainClass.substring(0, dot);
    }
}
