package io.querylens.bootstrap;

import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@code java -jar querylens-agent.jar attach <pid> [querylens.key=value ...]}: loads the agent into a
 * running JVM through the JDK's Attach API. Runs in its own short-lived JVM; reflection keeps the agent
 * jar free of a hard link to the {@code jdk.attach} module, which a JRE may lack.
 */
final class AttachCommand {
    private AttachCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.println("usage: java -jar querylens-agent.jar attach <pid> [querylens.key=value ...]");
            out.println("       java -jar querylens-agent.jar list     (JVMs this user can attach to)");
            return args.length == 0 ? 2 : 0;
        }
        try {
            if (args[0].equals("list")) {
                return list(out);
            }
            if (!args[0].equals("attach") || args.length < 2) {
                err.println("querylens: unknown command '" + String.join(" ", args) + "'; try: attach <pid>");
                return 2;
            }
            String pid = args[1];
            if (!pid.matches("[0-9]+")) {
                err.println("querylens: '" + pid + "' is not a process id (a number; see 'list')");
                return 2;
            }
            StringBuilder options = new StringBuilder();
            for (int i = 2; i < args.length; i++) {
                if (!args[i].contains("=")) {
                    err.println("querylens: option '" + args[i] + "' is not key=value (e.g. querylens.report=/tmp/r.json)");
                    return 2;
                }
                if (options.length() > 0) {
                    options.append(',');
                }
                options.append(args[i]);
            }
            File jar = AgentMain.agentJar();
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm;
            try {
                vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                err.println("querylens: cannot attach to process " + pid + ": " + describe(cause));
                err.println("  Is it a running JVM of the same user? Did it start with -XX:+DisableAttachMechanism?");
                return 1;
            }
            try {
                Method load = vmClass.getMethod("loadAgent", String.class, String.class);
                load.invoke(vm, jar.getAbsolutePath(), options.toString());
                out.println("querylens: agent loaded into process " + pid + "; its log is on that process's standard error");
                return 0;
            } catch (InvocationTargetException e) {
                err.println("querylens: process " + pid + " refused the agent: " + describe(e.getCause()));
                return 1;
            } finally {
                vmClass.getMethod("detach").invoke(vm);
            }
        } catch (ClassNotFoundException e) {
            err.println("querylens: this Java runtime has no Attach API (module jdk.attach); run the command with a full JDK");
            return 1;
        } catch (Exception e) {
            err.println("querylens: attach failed: " + describe(e));
            return 1;
        }
    }

    private static int list(PrintStream out) throws Exception {
        Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
        Class<?> descClass = Class.forName("com.sun.tools.attach.VirtualMachineDescriptor");
        for (Object d : (Iterable<?>) vmClass.getMethod("list").invoke(null)) {
            out.println(descClass.getMethod("id").invoke(d) + "\t" + descClass.getMethod("displayName").invoke(d));
        }
        return 0;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
