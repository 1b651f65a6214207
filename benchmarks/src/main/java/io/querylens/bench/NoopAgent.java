package io.querylens.bench;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that does nothing: {@code -javaagent:benchmarks.jar}, the {@code noop-agent} configuration of
 * {@code benchmarks/run.sh}. It measures what the JVM itself changes when any agent is attached (it adds the
 * {@code java.instrument} module, which turns off the archived module graph of class data sharing), apart
 * from what an agent's own code costs.
 */
public final class NoopAgent {
    private NoopAgent() {}

    public static void premain(String args, Instrumentation inst) {
        // nothing: the JVM's own cost of an agent is the measurement
    }
}
