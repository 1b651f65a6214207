package io.querylens.detect;

import io.querylens.api.spi.Detector;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds a real extension jar in a test: compiles one detector's source and lists it in META-INF/services. */
public final class ExtensionJars {
    private ExtensionJars() {}

    /** The example module's jar, when it has been built ({@code mvn -pl extension-api/example package}). */
    public static File exampleJar() {
        File here = new File(System.getProperty("user.dir"));
        File root = new File(here, "pom.xml").isFile() && new File(here, "extension-api").isDirectory() ? here
                : here.getParentFile();
        return new File(root, "extension-api/example/target/querylens-extension-example.jar");
    }

    public static File build(Path dir, String className, String source) throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        Path file = src.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String api = new File(Detector.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
        int rc = javac.run(null, null, null, "-classpath", api, "--release", "11", "-d", classes.toString(), file.toString());
        if (rc != 0) {
            throw new IllegalStateException("extension did not compile");
        }
        File jar = dir.resolve(className.substring(className.lastIndexOf('.') + 1) + ".jar").toFile();
        try (JarOutputStream out = new JarOutputStream(new FileOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + Detector.class.getName()));
            out.write((className + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            List<Path> compiled;
            try (var walk = Files.walk(classes)) {
                compiled = walk.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toList());
            }
            for (Path c : compiled) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }
}
