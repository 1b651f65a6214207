package io.querylens.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The only class of QueryLens that the application's class loader ever defines: the {@code Premain-Class},
 * {@code Agent-Class} and {@code Main-Class} of the jar.
 *
 * <p>It appends the agent jar to the bootstrap class path (so that advice inlined into any driver can call
 * {@link Hooks}) and hands over to {@link Launcher}, loaded by the bootstrap loader. It touches no other
 * class of this package before that, because a class defined here by the system loader and one defined by
 * the bootstrap loader would live in different runtime packages.
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
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            Class<?> launcher = Class.forName("io.querylens.bootstrap.Launcher", true, null);
            Method launch = launcher.getMethod("launch", String.class, Instrumentation.class, File.class, boolean.class);
            launch.invoke(null, args, inst, jar, attached);
        } catch (Throwable t) {
            // Never break the application: report once and let it run without the agent.
            System.err.println("[querylens] agent not started: " + t);
        }
    }

    static File agentJar() throws URISyntaxException {
        return new File(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
