package io.querylens.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/** How every instrumentation applies its advice: templates read from the agent's loader, failures suppressed. */
public final class Advices {
    private Advices() {}

    public static AgentBuilder.Transformer.ForAdvice from(ClassLoader agentLoader) {
        return new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
    }
}
