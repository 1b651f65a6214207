package io.querylens.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.querylens.bootstrap.Hooks;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code javax.servlet.http.HttpServlet.service(ServletRequest, ServletResponse)}: every HTTP request is a
 * unit of work. Only that one class is instrumented (a name match, no hierarchy scan); forwards and
 * includes re-enter it and are ignored as nested.
 */
public final class JavaxServletInstrumentation {
    public static final String TYPE = "javax.servlet.http.HttpServlet";

    private JavaxServletInstrumentation() {}

    public static AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        return advice.advice(isPublic().and(named("service")).and(takesArguments(2))
                        .and(takesArgument(0, named("javax.servlet.ServletRequest"))),
                JavaxServletInstrumentation.class.getName() + "$ServiceAdvice");
    }

    static final class ServiceAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) ServletRequest request) {
            if (!(request instanceof HttpServletRequest)) {
                return null;
            }
            HttpServletRequest http = (HttpServletRequest) request;
            return Hooks.requestEnter(http.getMethod(), http.getRequestURI(), http.getHeader("traceparent"));
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Argument(0) ServletRequest request,
                         @Advice.Argument(1) ServletResponse response, @Advice.Thrown Throwable error) {
            if (token != null) {
                Object route = request.getAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern");
                Hooks.requestRoute(route instanceof String ? (String) route : null);
                Hooks.requestExit(token, response instanceof HttpServletResponse
                        ? ((HttpServletResponse) response).getStatus() : 0, error);
            }
        }
    }
}
