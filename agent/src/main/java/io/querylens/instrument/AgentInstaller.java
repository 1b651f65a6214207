package io.querylens.instrument;

import io.querylens.bootstrap.Hooks;
import io.querylens.bootstrap.Log;
import io.querylens.instrument.jdbc.JdbcTransformer;
import io.querylens.instrument.jdbc.JdbcTypes;
import io.querylens.instrument.servlet.ServletInstrumentation;
import io.querylens.instrument.servlet.ServletReaders;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Installs the class file transformer. Classes defined from now on are woven as they load, with the state
 * field; after an attach, JDBC classes already loaded are retransformed in place (hooks only, same shape).
 *
 * <p>For a class that is not JDBC (almost every class) the transformer costs a name check and, when the
 * name does not rule it out, a parse of the class file's header and a lookup of its supertypes' kinds.
 */
public final class AgentInstaller {
    private static final AtomicLong TRANSFORMED = new AtomicLong();
    private static final AtomicLong ERRORS = new AtomicLong();
    private static final AtomicInteger LOGGED = new AtomicInteger();

    /** Name prefixes (internal form) never woven: the JDK, the agent itself, and languages' runtimes. */
    private static final String[] IGNORED = {"java/", "jdk/", "sun/", "com/sun/", "javax/", "io/querylens/",
            "kotlin/", "scala/", "groovy/", "org/junit/", "org/apache/maven/", "net/bytebuddy/"};

    private AgentInstaller() {}

    /** True for names the agent never weaves, whatever they implement. */
    static boolean ignored(String internalName) {
        if (internalName == null) {
            return true;
        }
        if (ServletInstrumentation.isServlet(internalName)) {
            return false; // under javax/, which is otherwise ignored
        }
        for (String prefix : IGNORED) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        // lambdas, hidden classes and JDK dynamic proxies (a proxy delegates: the real object below is counted)
        return internalName.contains("$$Lambda") || internalName.contains("$Lambda$")
                || internalName.startsWith("com/sun/proxy/") || internalName.contains("/$Proxy")
                || internalName.startsWith("$Proxy");
    }

    public static void install(Instrumentation inst, ClassLoader agentLoader, boolean attached) {
        JdbcTransformer jdbc = new JdbcTransformer();
        List<MethodRule> jakarta = ServletInstrumentation.rules("jakarta");
        List<MethodRule> javax = ServletInstrumentation.rules("javax");
        Weaving weaving = new Weaving(inst, agentLoader, jdbc, jakarta, javax);
        // 1. classes that load from now on: hooks plus the injected state field. Not retransformation-capable:
        // another agent's later retransformation starts from these bytes, so the field stays.
        inst.addTransformer(weaving.transformer(false), false);
        if (attached) {
            // 2. JDBC and servlet classes loaded before the attach: same hooks, class shape unchanged
            ClassFileTransformer again = weaving.transformer(true);
            inst.addTransformer(again, true);
            Class<?>[] loaded = inst.getAllLoadedClasses();
            JdbcTypes.seed(loaded);
            List<Class<?>> targets = new ArrayList<>();
            for (Class<?> c : loaded) {
                if (weaving.wantsRetransform(c) && inst.isModifiableClass(c)) {
                    targets.add(c);
                }
            }
            for (Class<?> c : targets) {
                try {
                    inst.retransformClasses(c);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    failed(c.getName(), e);
                }
            }
            Log.debug("retransformed " + targets.size() + " classes loaded before the attach");
        }
    }

    public static long transformed() {
        return TRANSFORMED.get();
    }

    public static long errors() {
        return ERRORS.get();
    }

    static void failed(String typeName, Throwable t) {
        ERRORS.incrementAndGet();
        // the class loads unchanged; say so a few times, not for every class
        if (LOGGED.incrementAndGet() <= 5) {
            Log.warn("could not instrument " + typeName + "; it runs uninstrumented: " + t);
        }
    }

    /** What to weave into which class; shared by the load-time and the retransforming transformer. */
    static final class Weaving {
        private final Instrumentation inst;
        private final ClassLoader agentLoader;
        private final JdbcTransformer jdbc;
        private final List<MethodRule> jakarta;
        private final List<MethodRule> javax;
        /** Loaders whose classes can link to {@link Hooks}; one entry per loader, dropped with it. */
        private final Map<ClassLoader, Boolean> linkable = Collections.synchronizedMap(new WeakHashMap<>());

        Weaving(Instrumentation inst, ClassLoader agentLoader, JdbcTransformer jdbc, List<MethodRule> jakarta,
                List<MethodRule> javax) {
            this.inst = inst;
            this.agentLoader = agentLoader;
            this.jdbc = jdbc;
            this.jakarta = jakarta;
            this.javax = javax;
        }

        ClassFileTransformer transformer(boolean retransforming) {
            return new ClassFileTransformer() {
                @Override
                public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                        ProtectionDomain domain, byte[] classFile) {
                    if ((redefined != null) != retransforming) {
                        return null;
                    }
                    try {
                        return weave(module, loader, className, redefined, domain, classFile);
                    } catch (Throwable t) {
                        failed(className == null ? "?" : className.replace('/', '.'), t);
                        return null;
                    }
                }
            };
        }

        boolean wantsRetransform(Class<?> c) {
            if (c.isInterface() || c.isArray() || c.isPrimitive() || c.getClassLoader() == null
                    || c.getClassLoader() == agentLoader) {
                return false;
            }
            String internal = c.getName().replace('.', '/');
            return ServletInstrumentation.isServlet(internal) || !ignored(internal) && JdbcTypes.kindsOf(c) != 0;
        }

        private byte[] weave(Module module, ClassLoader loader, String className, Class<?> redefined,
                             ProtectionDomain domain, byte[] classFile) {
            if (loader == null || loader == agentLoader || ignored(className)) {
                return null;
            }
            List<MethodRule> rules;
            int kinds = 0;
            String servletApi = null; // "jakarta" or "javax" for the two HttpServlet classes
            if (ServletInstrumentation.isServlet(className)) {
                servletApi = className.substring(0, className.indexOf('/'));
                rules = servletApi.equals("jakarta") ? jakarta : javax;
            } else {
                String name = className.replace('/', '.');
                Integer known = JdbcTypes.known(name);
                if (known != null && known == 0) {
                    return null; // a supertype of a class seen earlier, already found not to be JDBC
                }
                ClassReader header;
                try {
                    header = new ClassReader(classFile);
                } catch (RuntimeException unreadable) {
                    return null; // a class file newer than the weaver knows: not JDBC as far as it can tell
                }
                int access = header.getAccess();
                // interfaces are classified too (a driver's own interfaces extend the java.sql ones), not woven
                kinds = JdbcTypes.kinds(name, header.getSuperName(), header.getInterfaces(), loader,
                        ownJar(loader, domain));
                if (kinds == 0 || (access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ANNOTATION | Opcodes.ACC_SYNTHETIC)) != 0) {
                    return null;
                }
                rules = jdbc.rules(kinds);
            }
            if (!canLink(loader)) {
                return null;
            }
            boolean named = module != null && module.isNamed();
            if (named && !module.canRead(Hooks.class.getModule())) {
                inst.redefineModule(module, Set.of(Hooks.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
            }
            // a class in a named module may not read the bootstrap loader's unnamed module, where StateHolder
            // lives; implementing it there would fail the class's definition, so such classes use the table
            boolean injectState = redefined == null && !named && (kinds & JdbcTransformer.STATEFUL) != 0;
            byte[] woven = Weaver.weave(classFile, rules, injectState);
            if (woven != null && redefined == null && !named && servletApi != null) {
                // the servlet reads its requests itself (see ServletReaders); one retransformed keeps its shape
                woven = ServletReaders.inject(woven, servletApi);
            }
            if (woven != null) {
                TRANSFORMED.incrementAndGet();
                if (Log.debugEnabled()) {
                    Log.debug("instrumented " + className.replace('/', '.') + (redefined != null ? " (retransformed)" : ""));
                }
            }
            return woven;
        }

        /**
         * The jar a class of the application class path came from: its supertypes are read there first (the
         * loader's own lookup also searches the JDK's module image). Other loaders' jars are left to them, so
         * no web application's jar is held open.
         */
        private static java.net.URL ownJar(ClassLoader loader, ProtectionDomain domain) {
            if (loader != ClassLoader.getSystemClassLoader() || domain == null || domain.getCodeSource() == null) {
                return null;
            }
            return domain.getCodeSource().getLocation();
        }

        /**
         * Whether classes of {@code loader} see the bootstrap loader's {@link Hooks}: a loader that does not
         * delegate there (some OSGi set-ups) would get classes failing with NoClassDefFoundError, so its
         * classes are left alone.
         */
        private boolean canLink(ClassLoader loader) {
            Boolean known = linkable.get(loader);
            if (known != null) {
                return known;
            }
            boolean ok;
            try {
                ok = Class.forName(Hooks.class.getName(), false, loader) == Hooks.class;
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                ok = false;
            }
            if (!ok) {
                Log.warn("classes of " + loader + " cannot see the agent's hooks; they are not instrumented");
            }
            linkable.put(loader, ok);
            return ok;
        }
    }
}
