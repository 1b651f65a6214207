package io.querylens.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.querylens.instrument.jdbc.JdbcTransformer;
import io.querylens.instrument.jdbc.JdbcTypes;
import io.querylens.instrument.servlet.ServletInstrumentation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Every JDBC class of the drivers and the pool the tests use, woven as the agent weaves it and then linked by
 * the JVM, whose verifier checks every method, woven or not. A weaving mistake in any method shape these
 * libraries contain fails here, not in a user's application.
 */
class DriverWeavingTest {
    private final JdbcTransformer jdbc = new JdbcTransformer();

    @ParameterizedTest
    @ValueSource(strings = {"org.h2.Driver", "org.postgresql.Driver", "org.mariadb.jdbc.Driver",
            "com.zaxxer.hikari.HikariDataSource"})
    void everyJdbcClassOfTheLibraryWeavesAndVerifies(String anchor) throws Exception {
        ClassLoader parent = getClass().getClassLoader();
        File jar = new File(Class.forName(anchor, false, parent).getProtectionDomain().getCodeSource().getLocation().toURI());
        String root = anchor.substring(0, anchor.indexOf('.', anchor.indexOf('.') + 1) + 1); // "org.h2."
        List<String> jdbcClasses = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String n = e.getName();
                if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.equals("module-info.class")) {
                    continue;
                }
                try (InputStream in = file.getInputStream(e)) {
                    ClassReader header = new ClassReader(in);
                    if ((header.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
                        continue;
                    }
                    String name = header.getClassName().replace('/', '.');
                    if (JdbcTypes.kinds(name, header.getSuperName(), header.getInterfaces(), parent) != 0) {
                        jdbcClasses.add(name);
                    }
                }
            }
        }
        WeaverTest.WeavingLoader loader = new WeaverTest.WeavingLoader(parent, n -> n.startsWith(root),
                n -> kindsOf(n, parent), true, jdbc);
        List<String> linked = new ArrayList<>();
        for (String name : jdbcClasses) {
            try {
                Class.forName(name, true, loader);
                linked.add(name);
            } catch (VerifyError | ClassFormatError e) {
                fail(name + " does not verify once woven: " + e);
            } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
                // an optional dependency missing from the test class path, or a static initialiser's own needs
            }
        }
        assertTrue(jdbcClasses.size() >= 5, "found " + jdbcClasses);
        assertTrue(linked.size() * 2 >= jdbcClasses.size(), "linked " + linked.size() + " of " + jdbcClasses);
        // a stateful class gets the field even without methods of its own; a data source subclass that only
        // inherits getConnection() has nothing to weave
        List<String> notWoven = new ArrayList<>();
        for (String name : linked) {
            if ((kindsOf(name, parent) & JdbcTransformer.STATEFUL) != 0 && !loader.woven.contains(name)) {
                notWoven.add(name);
            }
        }
        assertTrue(notWoven.isEmpty(), "not woven: " + notWoven);
    }

    @Test
    void theServletClassWeavesAndVerifies() throws Exception {
        byte[] woven = Weaver.weave(WeaverTest.bytes("jakarta.servlet.http.HttpServlet"),
                ServletInstrumentation.rules("jakarta"), false);
        assertTrue(woven != null && woven.length > 0, "service(ServletRequest, ServletResponse) matched");
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals("jakarta.servlet.http.HttpServlet")) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> done = findLoadedClass(name);
                    return done != null ? done : defineClass(name, woven, 0, woven.length);
                }
            }
        };
        Class<?> c = Class.forName("jakarta.servlet.http.HttpServlet", true, loader);
        assertEquals(loader, c.getClassLoader(), "the woven copy was linked, not the original");
    }

    private static int kindsOf(String name, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            ClassReader header = new ClassReader(in);
            if ((header.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
                return 0;
            }
            return JdbcTypes.kinds(name, header.getSuperName(), header.getInterfaces(), loader);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
