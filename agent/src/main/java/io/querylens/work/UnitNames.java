package io.querylens.work;

/**
 * Unit-of-work names, kept few so that they can key caches and label metrics: a request without a known
 * route is named by its path with identifiers replaced by {@code {id}} ({@code /orders/42} and
 * {@code /orders/43} are one name); an implicit unit by its thread's name with digit runs collapsed
 * ({@code pool-3-thread-17} → {@code thread pool-#-thread-#}). Names are at most 200 characters.
 */
public final class UnitNames {
    static final int MAX_PATH = 200;
    static final int MAX_NAME = 200;
    static final String ID = "{id}";

    private UnitNames() {}

    /** The implicit unit's name for the current thread, made again only when the thread was renamed. */
    static String implicit(ThreadContext ctx) {
        String tn = Thread.currentThread().getName();
        if (tn != ctx.threadName || ctx.implicitName == null) {
            ctx.threadName = tn;
            ctx.implicitName = "thread " + collapseDigits(bounded(tn));
        }
        return ctx.implicitName;
    }

    /** {@code pool-3-thread-17} → {@code pool-#-thread-#}: one name for a pool's threads. */
    static String collapseDigits(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean inDigits = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (!inDigits) {
                    b.append('#');
                    inDigits = true;
                }
            } else {
                b.append(c);
                inDigits = false;
            }
        }
        return b.toString();
    }

    static String bounded(String s) {
        return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
    }

    /** A request path as a name: no query or path parameters, identifiers replaced by {@code {id}}. */
    public static String normalizePath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        int semi = path.indexOf(';'); // ;jsessionid=...
        if (semi >= 0) {
            path = path.substring(0, semi);
        }
        if (path.length() > MAX_PATH) {
            path = path.substring(0, MAX_PATH);
        }
        StringBuilder out = null;
        int start = 0;
        int n = path.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || path.charAt(i) == '/') {
                if (i > start && isIdentifier(path, start, i)) {
                    if (out == null) {
                        out = new StringBuilder(n).append(path, 0, start);
                    }
                    out.append(ID);
                } else if (out != null) {
                    out.append(path, start, i);
                }
                if (i < n && out != null) {
                    out.append('/');
                }
                start = i + 1;
            }
        }
        String result = out == null ? path : out.toString();
        return result.startsWith("/") ? result : "/" + result;
    }

    static boolean isIdentifier(String s, int from, int to) {
        int len = to - from;
        int digits = 0;
        int hex = 0;
        int letters = 0;
        int dashes = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                hex++;
            } else if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
                hex++;
                letters++;
            } else if (Character.isLetter(c)) {
                letters++;
            } else if (c == '-') {
                dashes++;
            } else if (c != '_') {
                return false;
            }
        }
        if (digits == len) {
            return true; // 42
        }
        if (len == 36 && dashes == 4 && hex == 32) {
            return true; // a UUID
        }
        if (hex == len && len >= 16) {
            return true; // a hash or hex id
        }
        return len >= 16 && digits >= 2 && letters >= 2 && dashes == 0; // a token such as aZ3k9Q...
    }
}
