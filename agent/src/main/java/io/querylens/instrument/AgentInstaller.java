package io.querylens.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.querylens.bootstrap.Hooks;
import io.querylens.bootstrap.Log;
import io.querylens.instrument.jdbc.JdbcTransformer;
import io.querylens.instrument.jdbc.JdbcTypes;
import io.querylens.instrument.servlet.JakartaServletInstrumentation;
import io.querylens.instrument.servlet.JavaxServletInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the class file transformers. Classes loaded from now on are instrumented as they load (with the
 * state field); after an attach, JDBC classes already loaded are retransformed in place (advice only).
 */
public final class AgentInstaller {
    private static final AtomicLong TRANSFORMED = new AtomicLong();
    private static final AtomicLong ERRORS = new AtomicLong();

    private AgentInstaller() {}

    /** Names the agent never instruments: restates ByteBuddy's default ignores (synthetic types, itself). */
    static ElementMatcher.Junction<TypeDescription> ignored() {
        return isSynthetic()
                .or(nameStartsWith("java.")).or(nameStartsWith("jdk."))
                .or(nameStartsWith("javax.").and(not(nameStartsWith("javax.servlet."))))
                .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
                .or(nameStartsWith("net.bytebuddy.")).or(nameStartsWith("io.querylens.shaded."))
                .or(nameStartsWith("io.querylens.bootstrap.")).or(nameStartsWith("io.querylens.instrument."))
                .or(nameStartsWith("io.querylens.sql.")).or(nameStartsWith("io.querylens.work."))
                .or(nameStartsWith("io.querylens.detect.")).or(nameStartsWith("io.querylens.stats."))
                .or(nameStartsWith("io.querylens.export.")).or(nameStartsWith("io.querylens.api."))
                .or(nameStartsWith("kotlin.")).or(nameStartsWith("scala.")).or(nameStartsWith("groovy."))
                .or(nameStartsWith("org.junit.")).or(nameStartsWith("org.apache.maven."))
                .or(nameContains("$$Lambda")).or(nameContains("$Lambda$"))
                // JDK dynamic proxies delegate to an invocation handler: the real object below is counted
                .or(nameStartsWith("com.sun.proxy.")).or(nameContains(".$Proxy")).or(nameStartsWith("$Proxy"));
    }

    public static void install(Instrumentation inst, ClassLoader agentLoader, boolean attached) {
        AgentBuilder.Listener listener = new Listener();
        // 1. classes that load from now on: advice plus the injected state field
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .with(AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(listener)
                .ignore(ignored())
                .or(ElementMatchers.any(), isBootstrapClassLoader().or(ElementMatchers.is(agentLoader)))
                .type(JdbcTransformer.types())
                .transform(new JdbcTransformer(agentLoader, true))
                .assureReadEdgeTo(inst, Hooks.class)
                .type(named(JakartaServletInstrumentation.TYPE))
                .transform(JakartaServletInstrumentation.apply(Advices.from(agentLoader)))
                .type(named(JavaxServletInstrumentation.TYPE))
                .transform(JavaxServletInstrumentation.apply(Advices.from(agentLoader)))
                .installOn(inst);

        if (attached) {
            // 2. JDBC classes loaded before the attach: same advice, class shape unchanged
            JdbcTypes.seed(inst.getAllLoadedClasses());
            ElementMatcher<TypeDescription> jdbc = JdbcTransformer.types();
            new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE)
                    .with(AgentBuilder.PoolStrategy.Default.FAST)
                    .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                    .with(listener)
                    .ignore(ignored())
                    .or(ElementMatchers.any(), isBootstrapClassLoader().or(ElementMatchers.is(agentLoader)))
                    .type((type, loader, module, classBeingRedefined, domain) ->
                            classBeingRedefined != null && jdbc.matches(type))
                    .transform(new JdbcTransformer(agentLoader, false))
                    .assureReadEdgeTo(inst, Hooks.class)
                    .type((type, loader, module, classBeingRedefined, domain) -> classBeingRedefined != null
                            && type.getName().equals(JakartaServletInstrumentation.TYPE))
                    .transform(JakartaServletInstrumentation.apply(Advices.from(agentLoader)))
                    .type((type, loader, module, classBeingRedefined, domain) -> classBeingRedefined != null
                            && type.getName().equals(JavaxServletInstrumentation.TYPE))
                    .transform(JavaxServletInstrumentation.apply(Advices.from(agentLoader)))
                    .installOn(inst);
        }
    }

    public static long transformed() {
        return TRANSFORMED.get();
    }

    public static long errors() {
        return ERRORS.get();
    }

    private static final class Listener extends AgentBuilder.Listener.Adapter {
        private final AtomicInteger logged = new AtomicInteger();

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            TRANSFORMED.incrementAndGet();
            if (Log.debugEnabled()) {
                Log.debug("instrumented " + type.getName() + (loaded ? " (retransformed)" : ""));
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
            ERRORS.incrementAndGet();
            // the class loads unchanged; say so a few times, not for every class
            if (logged.incrementAndGet() <= 5) {
                Log.warn("could not instrument " + typeName + "; it runs uninstrumented: " + t);
            }
        }
    }
}
