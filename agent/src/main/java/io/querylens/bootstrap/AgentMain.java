package io.querylens.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The only class of QueryLens that the application's class loader ever defines: the {@code Premain-Class},
 * {@code Agent-Class} and {@code Main-Class} of the jar.
 *
 * <p>The jar must be on the bootstrap class path, so that code woven into any driver can call {@link Hooks}.
 * Its manifest's {@code Boot-Class-Path} names it ({@code querylens-agent.jar}, resolved next to itself),
 * so the JVM appends it while it loads the agent, and this class is then defined by the bootstrap loader
 * too. Appending it later, from here, makes the JVM print "Sharing is only supported for boot loader classes
 * because bootstrap classpath has been appended" and turns class data sharing off for every class the
 * bootstrap loader does not define. A renamed jar is not found by that name (the JVM skips the entry
 * silently); this class, defined then by the system loader, appends the jar itself, with that warning.
 *
 * <p>It hands over to {@link Launcher}, loaded by the bootstrap loader. It touches no other class of this
 * package before that, because a class defined here by the system loader and one defined by the bootstrap
 * loader would live in different runtime packages.
 */
public final class AgentMain {
    private AgentMain() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** {@code java -jar querylens-agent.jar attach <pid> [querylens.key=value ...]} */
    public static void main(String[] args) throws Exception {
        int code = AttachCommand.run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            File jar = agentJar();
            if (AgentMain.class.getClassLoader() != null) {
                // the manifest's Boot-Class-Path did not name this jar (it was renamed): append it now
                inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            }
            Class<?> launcher = Class.forName("io.querylens.bootstrap.Launcher", true, null);
            Method launch = launcher.getMethod("launch", String.class, Instrumentation.class, File.class, boolean.class);
            launch.invoke(null, args, inst, jar, attached);
        } catch (Throwable t) {
            // Never break the application: report once and let it run without the agent.
            System.err.println("[querylens] agent not started: " + t);
        }
    }

    /** The agent jar: this class's code source, or, when the bootstrap loader defined it, the jar it came from. */
    static File agentJar() throws URISyntaxException {
        CodeSource source = AgentMain.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            return new File(source.getLocation().toURI());
        }
        URL own = AgentMain.class.getResource("AgentMain.class"); // jar:file:/.../querylens-agent.jar!/io/...
        String url = own == null ? "" : own.toString();
        int end = url.indexOf("!/");
        if (!url.startsWith("jar:") || end < 0) {
            throw new IllegalStateException("cannot tell which jar the agent was loaded from: " + url);
        }
        return new File(new URI(url.substring(4, end)));
    }
}
