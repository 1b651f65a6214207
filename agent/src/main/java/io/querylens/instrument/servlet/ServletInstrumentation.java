package io.querylens.instrument.servlet;

import static io.querylens.instrument.Hook.Arg.ARG0;
import static io.querylens.instrument.Hook.Arg.ARG1;
import static io.querylens.instrument.Hook.Arg.NULL;
import static io.querylens.instrument.Hook.Arg.THIS;
import static io.querylens.instrument.Hook.Arg.TOKEN;
import static io.querylens.instrument.Hook.Arg.VALUE;
import static io.querylens.instrument.Hook.types;

import io.querylens.instrument.Hook;
import io.querylens.instrument.MethodRule;
import java.util.List;

/**
 * {@code HttpServlet.service(ServletRequest, ServletResponse)}, jakarta and javax: every HTTP request is a
 * unit of work. Only those two classes are woven (a name match, no hierarchy scan); forwards and includes
 * re-enter it and are ignored as nested. {@link ServletRequests} reads the request.
 */
public final class ServletInstrumentation {
    /** The classes woven, in internal form. */
    public static final String JAKARTA = "jakarta/servlet/http/HttpServlet";
    public static final String JAVAX = "javax/servlet/http/HttpServlet";

    private ServletInstrumentation() {}

    public static boolean isServlet(String internalName) {
        return JAKARTA.equals(internalName) || JAVAX.equals(internalName);
    }

    /** The rules for one of the two classes; {@code api} is "jakarta" or "javax". */
    public static List<MethodRule> rules(String api) {
        String request = "L" + api + "/servlet/ServletRequest;";
        String response = "L" + api + "/servlet/ServletResponse;";
        Class<?>[] exit = types(Object.class, Object.class, Object.class, Object.class, Object.class);
        return List.of(MethodRule.of("service", MethodRule.exactly(request, response),
                Hook.of("servletEnter", types(Object.class, Object.class), THIS, ARG0),
                Hook.of("servletExit", exit, NULL, TOKEN, THIS, ARG0, ARG1),
                Hook.of("servletExit", exit, VALUE, TOKEN, THIS, ARG0, ARG1)));
    }
}
