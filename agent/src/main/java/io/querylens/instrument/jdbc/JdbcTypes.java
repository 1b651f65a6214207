package io.querylens.instrument.jdbc;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.objectweb.asm.ClassReader;

/**
 * Recognises JDBC implementation classes, caching the answer per class name.
 *
 * <p>A transformer sees a class before the JVM loads its supertypes, so a supertype not seen yet is resolved
 * from its class file, read through the class loader as a resource but not loaded. Every answer, positive or negative, is cached
 * by name, so a class file is read about once however many subtypes it has, instead of once per subtype as
 * a plain hierarchy matcher does. The cache is bounded; past the bound answers are computed again, never
 * wrong. Types loaded before an attach are seeded from the loaded classes.
 */
public final class JdbcTypes {
    public static final int CONNECTION = 1, STATEMENT = 2, PREPARED = 4, RESULT_SET = 8, DATA_SOURCE = 16;
    static final int MAX_KNOWN = 32_768;
    private static final int MAX_DEPTH = 32;

    private static final Map<String, Integer> KNOWN = new ConcurrentHashMap<>();
    private static final AtomicLong REFUSED = new AtomicLong();

    static {
        KNOWN.put("java.sql.Connection", CONNECTION);
        KNOWN.put("java.sql.Statement", STATEMENT);
        KNOWN.put("java.sql.PreparedStatement", STATEMENT | PREPARED);
        KNOWN.put("java.sql.CallableStatement", STATEMENT | PREPARED);
        KNOWN.put("java.sql.ResultSet", RESULT_SET);
        KNOWN.put("javax.sql.DataSource", DATA_SOURCE);
    }

    private JdbcTypes() {}

    /**
     * The JDBC kinds of the class being defined (bits), 0 when none. {@code superName} and
     * {@code interfaces} are internal names from its class file; supertypes not known yet are read from
     * {@code loader}'s resources, never loaded.
     */
    public static int kinds(String name, String superName, String[] interfaces, ClassLoader loader) {
        return kinds(name, superName, interfaces, loader, null);
    }

    /**
     * As above; supertypes are looked for in {@code codeSource} first, the jar the class comes from, when it
     * is a local jar: a class loader's resource lookup also searches the JDK's modules (a few hundred
     * microseconds each on the application class loader), and a driver's supertypes are nearly always in
     * its own jar.
     */
    public static int kinds(String name, String superName, String[] interfaces, ClassLoader loader, URL codeSource) {
        Integer cached = KNOWN.get(name);
        if (cached != null) {
            return cached;
        }
        ClassFiles files = new ClassFiles(loader, codeSource);
        int kinds = ofSupertypes(superName, interfaces, files, 1);
        if (files.missing == 0) {
            remember(name, kinds); // a supertype whose file could not be read: not cached, asked again later
        }
        return kinds;
    }

    /** The kinds of these supertypes together; one whose class file cannot be read counts in {@code files}. */
    private static int ofSupertypes(String superName, String[] interfaces, ClassFiles files, int depth) {
        int kinds = kindsOf(superName, files, depth);
        for (String i : interfaces) {
            kinds |= kindsOf(i, files, depth);
        }
        return kinds;
    }

    private static int kindsOf(String internalName, ClassFiles files, int depth) {
        if (internalName == null) {
            return 0;
        }
        String name = internalName.replace('/', '.');
        Integer cached = KNOWN.get(name);
        if (cached != null) {
            return cached;
        }
        if (depth > MAX_DEPTH || name.startsWith("java.") || name.startsWith("javax.") && !name.startsWith("javax.sql.")) {
            return 0; // the JDK's own JDBC interfaces are seeded; nothing else in java.* is JDBC
        }
        ClassReader header = files.header(internalName);
        if (header == null) {
            files.missing++;
            return 0;
        }
        int missingBefore = files.missing;
        int kinds = ofSupertypes(header.getSuperName(), header.getInterfaces(), files, depth + 1);
        if (files.missing == missingBefore) {
            remember(name, kinds);
        }
        return kinds;
    }

    /** Where supertypes' class files are read from: the class's own jar, then its loader. */
    private static final class ClassFiles {
        private final ClassLoader loader;
        private final URL codeSource;
        /** Supertypes whose class files could not be read during this classification. */
        int missing;

        ClassFiles(ClassLoader loader, URL codeSource) {
            this.loader = loader;
            this.codeSource = codeSource;
        }

        /**
         * The class file of a supertype, read (the constant pool and header only are parsed) but not loaded;
         * null when it cannot be found or read.
         */
        ClassReader header(String internalName) {
            String resource = internalName + ".class";
            byte[] fromJar = Jars.read(codeSource, resource);
            if (fromJar != null) {
                try {
                    return new ClassReader(fromJar);
                } catch (RuntimeException unreadable) {
                    // try the loader
                }
            }
            try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                    : loader.getResourceAsStream(resource)) {
                return in == null ? null : new ClassReader(in);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * The application class path's jars, opened once for reading supertypes: at most {@value #MAX_JARS}
     * stay open (the JVM holds them open anyway), the least recently used one is closed when another is
     * needed.
     */
    static final class Jars {
        static final int MAX_JARS = 8;
        private static final Map<String, JarFile> OPEN = new LinkedHashMap<>(16, 0.75f, true);

        private Jars() {}

        /**
         * The entry {@code resource} of the jar at {@code location}, or null when it is not a local jar or has no
         * such entry. Read under the lock, so no other thread closes the jar meanwhile.
         */
        static byte[] read(URL location, String resource) {
            if (location == null || !"file".equals(location.getProtocol()) || !location.getPath().endsWith(".jar")) {
                return null;
            }
            synchronized (OPEN) {
                try {
                    JarFile jar = open(location);
                    JarEntry entry = jar == null ? null : jar.getJarEntry(resource);
                    if (entry == null) {
                        return null;
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        return in.readAllBytes();
                    }
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            }
        }

        private static JarFile open(URL location) {
            String key = location.toString();
            JarFile jar = OPEN.get(key);
            if (jar != null) {
                return jar;
            }
            try {
                jar = new JarFile(new File(location.toURI()), false, ZipFile.OPEN_READ, Runtime.version());
            } catch (IOException | URISyntaxException | RuntimeException e) {
                return null;
            }
            OPEN.put(key, jar);
            if (OPEN.size() > MAX_JARS) {
                Iterator<JarFile> eldest = OPEN.values().iterator();
                JarFile old = eldest.next();
                eldest.remove();
                try {
                    old.close();
                } catch (IOException ignored) {
                    // read-only; nothing to lose
                }
            }
            return jar;
        }
    }

    /** The cached kinds of {@code name}, or null when it has not been classified yet. */
    public static Integer known(String name) {
        return KNOWN.get(name);
    }

    static void remember(String name, int kinds) {
        if (KNOWN.size() < MAX_KNOWN || kinds != 0) {
            KNOWN.merge(name, kinds, (a, b) -> a | b);
        } else {
            REFUSED.incrementAndGet();
        }
    }

    /** Seeds the names of already loaded JDBC classes (attach), so their subclasses loaded later match. */
    public static void seed(Class<?>[] loaded) {
        for (Class<?> c : loaded) {
            try {
                int k = kindsOf(c);
                if (k != 0) {
                    remember(c.getName(), k);
                }
            } catch (Throwable ignored) {
                // a class that cannot be inspected is not ours to instrument
            }
        }
    }

    public static long refused() {
        return REFUSED.get();
    }

    /** The kinds of a class already loaded (attach). */
    public static int kindsOf(Class<?> c) {
        int k = 0;
        if (java.sql.Connection.class.isAssignableFrom(c)) {
            k |= CONNECTION;
        }
        if (java.sql.Statement.class.isAssignableFrom(c)) {
            k |= STATEMENT;
        }
        if (java.sql.PreparedStatement.class.isAssignableFrom(c)) {
            k |= PREPARED;
        }
        if (java.sql.ResultSet.class.isAssignableFrom(c)) {
            k |= RESULT_SET;
        }
        if (javax.sql.DataSource.class.isAssignableFrom(c)) {
            k |= DATA_SOURCE;
        }
        return k;
    }
}
