package io.querylens.instrument;

import io.querylens.bootstrap.Log;
import java.lang.instrument.Instrumentation;

/**
 * Gives a few JDK classes' methods fresh JIT profiles, undoing what the JVM's own start-up taught them only
 * because an agent is attached.
 *
 * <p>Why: with {@code -javaagent} the JVM resolves the {@code java.instrument} module, so (on JDK 17) it cannot
 * use the module graph archived in its class data sharing archive and builds the graph in Java at start-up.
 * That code iterates {@link java.util.LinkedHashSet}s, and every such iteration goes through
 * {@link java.util.HashSet#iterator()}, whose profile then records two map types. C2 compiles the
 * application's own {@code HashSet} loops with both, and escape analysis can no longer remove their
 * iterators. In the lookup benchmark, H2's statement start iterates two {@code HashSet}s: any agent, even one
 * that does nothing, made each statement allocate 72 to 93 bytes more and take about 50 ns longer. The
 * same JVM with no agent but {@code --add-modules=java.instrument} or {@code -Xshare:off} does the same, and
 * a JVM with no agent that iterates a {@code LinkedHashSet} 200,000 times first does too.
 *
 * <p>How: retransforming a class, even with no transformer changing it, replaces its methods, and the new
 * ones start with empty profiles (code compiled against the old ones is deoptimized). QueryLens's own
 * transformer is not retransformation-capable, so it never sees these classes. This runs on the agent's
 * start-up thread once the agent is built (QueryLens's own start-up iterates such sets too), in about 2 ms,
 * before the application's code is hot. It improves the odds rather than guarantees: any later iteration
 * of a {@code LinkedHashSet} before the application's loops are compiled skews the fresh profile again
 * (holding the OpenTelemetry SDK's start off made no difference in the benchmark). A second reset after
 * the SDK's start was measured to make it worse (5 of 6 benchmark forks skewed against 0 of 6): code
 * recompiled right after a reset has no profile for these methods yet, and C2 cannot inline them either.
 * Only at JVM start: after an attach, the profiles are the application's own.
 * {@code querylens.jdk.profiles.reset=false} turns it off.
 */
public final class JdkProfiles {
    /** The classes whose profiles the agent-induced start-up skews, as measured (see above). */
    static final String[] CLASSES = {"java.util.HashSet"};

    private JdkProfiles() {}

    /** Retransforms {@link #CLASSES}; returns how many were. Never throws. */
    public static int reset(Instrumentation inst) {
        if (!inst.isRetransformClassesSupported()) {
            return 0;
        }
        long t0 = System.nanoTime();
        int done = 0;
        for (String name : CLASSES) {
            try {
                Class<?> c = Class.forName(name, false, null);
                if (inst.isModifiableClass(c)) {
                    inst.retransformClasses(c);
                    done++;
                }
            } catch (Throwable t) {
                Log.debug("could not reset the JIT profiles of " + name + ": " + t);
            }
        }
        if (Log.debugEnabled()) {
            Log.debug("JIT profiles reset: " + done + " of " + CLASSES.length + " JDK classes in "
                    + (System.nanoTime() - t0) / 1000 + " us");
        }
        return done;
    }
}
