package io.querylens.detect;

import java.util.Objects;

/** The first stack frame of the application's own code that led to a statement. */
public final class CallSite {
    public static final CallSite UNKNOWN = new CallSite("unknown", "unknown", null, -1);

    public final String className;
    public final String method;
    public final String file;
    public final int line;

    public CallSite(String className, String method, String file, int line) {
        this.className = className;
        this.method = method;
        this.file = file;
        this.line = line;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CallSite)) {
            return false;
        }
        CallSite c = (CallSite) o;
        return line == c.line && className.equals(c.className) && method.equals(c.method) && Objects.equals(file, c.file);
    }

    @Override
    public int hashCode() {
        return (className.hashCode() * 31 + method.hashCode()) * 31 + line;
    }

    @Override
    public String toString() {
        return className + "." + method + "(" + (file == null ? "Unknown Source" : file) + (line > 0 ? ":" + line : "") + ")";
    }
}
