package io.querylens.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * Runs on the bootstrap class loader: reads the configuration, creates the isolated
 * {@link AgentClassLoader} and starts {@code io.querylens.AgentRuntime} inside it.
 */
public final class Launcher {
    private static volatile boolean started;

    private Launcher() {}

    public static synchronized void launch(String args, Instrumentation inst, File jar, boolean attached) {
        if (started) {
            Log.warn("already running in this JVM; ignoring a second start" + (attached ? " (attach)" : ""));
            return;
        }
        try {
            Config config = Config.load(args);
            Log.configure(config);
            if (!config.getBoolean("querylens.enabled", true)) {
                Log.info("disabled by querylens.enabled=false");
                return;
            }
            AgentClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
            Class<?> runtime = Class.forName("io.querylens.AgentRuntime", true, loader);
            runtime.getMethod("start", Instrumentation.class, Config.class, AgentClassLoader.class, boolean.class)
                    .invoke(null, inst, config, loader, attached);
            started = true;
        } catch (Throwable t) {
            Log.error("agent not started; the application runs without it", t);
        }
    }
}
