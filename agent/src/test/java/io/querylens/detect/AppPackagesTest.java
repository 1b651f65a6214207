package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.querylens.bootstrap.Config;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPackagesTest {
    @TempDir
    Path dir;

    @Test
    void aSpringBootFatJarIsJudgedByItsStartClassNotItsLauncher() throws IOException {
        File jar = jar("shop.jar", "org.springframework.boot.loader.launch.JarLauncher", "com.shop.ShopApplication");
        String main = AppPackages.mainClass(jar.getPath() + " --server.port=8080", jar.getPath());
        assertEquals("com.shop.ShopApplication", main);
        assertEquals("com.shop", AppPackages.packageOf(main));
    }

    @Test
    void aPlainJarIsJudgedByItsMainClass() throws IOException {
        File jar = jar("tool.jar", "org.example.tool.Main", null);
        assertEquals("org.example.tool.Main", AppPackages.mainClass(jar.getPath(), jar.getPath()));
    }

    @Test
    void aSpringBootLauncherOnTheClassPathLooksAtTheFirstClassPathEntry() throws IOException {
        File jar = jar("app.jar", "org.springframework.boot.loader.JarLauncher", "com.shop.ShopApplication");
        assertEquals("com.shop.ShopApplication",
                AppPackages.mainClass("org.springframework.boot.loader.JarLauncher", jar.getPath()));
    }

    @Test
    void anExplodedSpringBootDirectoryIsReadToo() throws IOException {
        Path exploded = Files.createDirectories(dir.resolve("exploded/META-INF"));
        try (FileOutputStream out = new FileOutputStream(exploded.resolve("MANIFEST.MF").toFile())) {
            manifest("org.springframework.boot.loader.launch.JarLauncher", "com.shop.ShopApplication").write(out);
        }
        assertEquals("com.shop.ShopApplication", AppPackages.mainClass(
                "org.springframework.boot.loader.launch.JarLauncher", dir.resolve("exploded").toString()));
    }

    @Test
    void aClassAndAModuleLaunchAreReadFromTheCommand() {
        assertEquals("io.querylens.demo.DemoApplication",
                AppPackages.mainClass("io.querylens.demo.DemoApplication --port 8080", null));
        assertEquals("com.shop.Main", AppPackages.mainClass("shop.module/com.shop.Main", null));
    }

    @Test
    void theDemoPackageIsAcceptedThoughItSharesThePrefixOfTheAgent() {
        assertEquals("io.querylens.demo", AppPackages.packageOf("io.querylens.demo.DemoApplication"));
    }

    @Test
    void libraryLaunchersAndTheDefaultPackageSayNothingAboutTheApplication() {
        assertNull(AppPackages.packageOf("org.apache.catalina.startup.Bootstrap"));
        assertNull(AppPackages.packageOf("org.apache.maven.surefire.booter.ForkedBooter"));
        assertNull(AppPackages.packageOf("Main"));
        assertNull(AppPackages.mainClass("", null));
        assertNull(AppPackages.mainClass(dir.resolve("missing.jar").toString(), null));
    }

    @Test
    void theSettingWinsOverTheMainClass() {
        assertEquals(List.of("com.shop", "com.shop2"),
                AppPackages.fromConfig(Config.of(Map.of("querylens.app.packages", "com.shop, com.shop2"))));
    }

    private File jar(String name, String mainClass, String startClass) throws IOException {
        File f = dir.resolve(name).toFile();
        try (JarOutputStream out = new JarOutputStream(new FileOutputStream(f), manifest(mainClass, startClass))) {
            out.flush();
        }
        return f;
    }

    private static Manifest manifest(String mainClass, String startClass) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        if (startClass != null) {
            m.getMainAttributes().putValue("Start-Class", startClass);
        }
        return m;
    }
}
