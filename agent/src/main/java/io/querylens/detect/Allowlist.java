package io.querylens.detect;

import io.querylens.bootstrap.Log;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Findings the users accept ({@code querylens.allow}): a comma-separated list of entries, each
 * {@code [TYPE:]target} or a {@code TYPE} alone.
 * <ul>
 *   <li>{@code N_PLUS_ONE} — that type nowhere;</li>
 *   <li>{@code 3f2a9c0d11e4b7a8} — anything on that fingerprint; {@code DUPLICATE_QUERY:3f2a9c0d11e4b7a8} —
 *   that type on it;</li>
 *   <li>{@code com.shop.Report#totals} — anything whose call site is that method;
 *   {@code com.shop.Report:42} — that line; {@code com.shop.Report} — that class;
 *   {@code com.shop.legacy.*} — that package; each may carry a {@code TYPE:} prefix.</li>
 * </ul>
 * Type and fingerprint entries are checked before the call site is resolved, so an accepted fingerprint
 * costs no stack walk.
 */
public final class Allowlist {
    private static final String ANY = "*";

    /**
     * The entries' syntax, compiled only when there are entries: compiling a pattern links the JDK's regex
     * lambdas, about 10 ms of the agent's start on a slow host when no other code has linked a lambda yet,
     * and most applications configure no allowlist.
     */
    private static final class Syntax {
        static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]*");
        static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{16}");
        static final Pattern LINE = Pattern.compile("(.+):(\\d+)");
    }

    private final Set<String> types = new HashSet<>();
    private final Map<String, Set<String>> fingerprints = new HashMap<>();
    private final List<SiteRule> sites = new ArrayList<>();

    public static final Allowlist EMPTY = new Allowlist(Collections.emptyList());

    public Allowlist(List<String> entries) {
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (Syntax.TYPE.matcher(entry).matches()) {
                types.add(entry);
                continue;
            }
            String type = ANY;
            String target = entry;
            int colon = entry.indexOf(':');
            if (colon > 0 && Syntax.TYPE.matcher(entry.substring(0, colon)).matches()) {
                type = entry.substring(0, colon);
                target = entry.substring(colon + 1).trim();
            }
            if (Syntax.FINGERPRINT.matcher(target).matches()) {
                fingerprints.computeIfAbsent(target.toLowerCase(Locale.ROOT), k -> new HashSet<>()).add(type);
            } else if (!add(type, target)) {
                Log.warn("ignoring querylens.allow entry '" + entry + "': expected TYPE, a fingerprint, "
                        + "Class#method, Class:line, a class or package.*, optionally after TYPE:");
            }
        }
    }

    private boolean add(String type, String target) {
        int hash = target.indexOf('#');
        if (hash > 0 && hash < target.length() - 1) {
            sites.add(new SiteRule(type, target.substring(0, hash), target.substring(hash + 1), -1, false));
            return true;
        }
        java.util.regex.Matcher m = Syntax.LINE.matcher(target);
        if (m.matches()) {
            sites.add(new SiteRule(type, m.group(1), null, Integer.parseInt(m.group(2)), false));
            return true;
        }
        if (target.endsWith(".*") && target.length() > 2) {
            sites.add(new SiteRule(type, target.substring(0, target.length() - 1), null, -1, true));
            return true;
        }
        if (target.indexOf('.') > 0 && target.indexOf(' ') < 0) {
            sites.add(new SiteRule(type, target, null, -1, false));
            return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return types.isEmpty() && fingerprints.isEmpty() && sites.isEmpty();
    }

    /** Accepted by type or fingerprint alone ({@code fingerprint} null for unit-wide findings). */
    public boolean allows(String type, String fingerprint) {
        if (types.contains(type)) {
            return true;
        }
        if (fingerprint != null && !fingerprints.isEmpty()) {
            Set<String> t = fingerprints.get(fingerprint);
            return t != null && (t.contains(ANY) || t.contains(type));
        }
        return false;
    }

    /** True when some entry names call sites: only then must a call site be resolved to check it. */
    public boolean hasCallSiteEntries() {
        return !sites.isEmpty();
    }

    /** Accepted by its call site. */
    public boolean allowsCallSite(String type, CallSite site) {
        for (SiteRule r : sites) {
            if (r.matches(type, site)) {
                return true;
            }
        }
        return false;
    }

    private static final class SiteRule {
        final String type;
        final String className;
        final String method;
        final int line;
        final boolean packagePrefix;

        SiteRule(String type, String className, String method, int line, boolean packagePrefix) {
            this.type = type;
            this.className = className;
            this.method = method;
            this.line = line;
            this.packagePrefix = packagePrefix;
        }

        boolean matches(String t, CallSite s) {
            if (!type.equals(ANY) && !type.equals(t)) {
                return false;
            }
            if (packagePrefix) {
                return s.className.startsWith(className);
            }
            if (!s.className.equals(className) && !s.className.startsWith(className + "$")) {
                return false;
            }
            return (method == null || method.equals(s.method)) && (line < 0 || line == s.line);
        }
    }
}
