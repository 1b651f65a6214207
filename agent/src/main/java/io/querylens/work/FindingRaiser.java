package io.querylens.work;

import io.querylens.api.spi.FindingReporter;
import io.querylens.detect.Allowlist;
import io.querylens.detect.CallSite;
import io.querylens.detect.CallSites;
import io.querylens.detect.Types;
import io.querylens.sql.Fingerprint;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raises findings in an open unit, on the application's thread: checks the allowlist (by type and
 * fingerprint first, so an accepted statement costs no stack walk), resolves the call site, and records
 * the finding in the unit, whose end gives it its final repetitions. Built-in findings arrive as a mask of
 * types that just crossed their thresholds; extension findings through {@link Reporter}.
 */
final class FindingRaiser {
    private final Allowlist allow;
    private final CallSites callSites;
    final AtomicLong allowed = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    FindingRaiser(Allowlist allow, CallSites callSites) {
        this.allow = allow;
        this.callSites = callSites;
    }

    CallSites callSites() {
        return callSites;
    }

    /** Raises the built-in types in {@code mask} for entry {@code e} of {@code fp} (both -1/null: unit-wide). */
    void raise(Unit u, int mask, int e, Fingerprint fp) {
        for (int type = 0; type < Types.COUNT; type++) {
            if ((mask & Types.bit(type)) == 0) {
                continue;
            }
            String name = Types.name(type);
            String hex = fp == null ? null : fp.hex;
            if (allow.allows(name, hex)) {
                allowed.incrementAndGet();
                continue;
            }
            CallSite site = callSites.resolve(name, hex, u.name());
            if (allow.hasCallSiteEntries() && allow.allowsCallSite(name, site)) {
                allowed.incrementAndGet();
                continue;
            }
            if (!u.addFinding(type, e, site)) {
                refused.incrementAndGet();
            }
        }
    }

    /** A finding type as extensions may name it: trimmed, at most 100 characters; null when unusable. */
    static String findingType(String type) {
        if (type == null) {
            return null;
        }
        String t = type.trim();
        return t.isEmpty() || t.length() > 100 ? null : t;
    }

    /** This thread's reporter, pointed at {@code u} and the statement {@code fp}. */
    Reporter reporter(ThreadContext ctx, Unit u, Fingerprint fp) {
        Reporter r = ctx.reporter == null ? (ctx.reporter = new Reporter()) : ctx.reporter;
        r.unit = u;
        r.fp = fp;
        return r;
    }

    /**
     * The {@link FindingReporter} extension detectors get on the application's thread; one per thread,
     * reused. A (type, fingerprint) already raised in the unit only has its repetitions raised.
     */
    final class Reporter implements FindingReporter {
        Unit unit;
        Fingerprint fp;

        @Override
        public void report(String type, String fingerprint, int repetitions, String suggestion) {
            String t = findingType(type);
            Unit u = unit;
            if (t == null || u == null) {
                return;
            }
            int i = u.findExtension(t, fingerprint);
            if (i >= 0) {
                u.extRepetitions[i] = Math.max(u.extRepetitions[i], repetitions);
                return;
            }
            if (allow.allows(t, fingerprint)) {
                allowed.incrementAndGet();
                return;
            }
            CallSite site = callSites.resolve(t, fingerprint, u.name());
            if (allow.hasCallSiteEntries() && allow.allowsCallSite(t, site)) {
                allowed.incrementAndGet();
                return;
            }
            String sql = fp != null && fp.hex.equals(fingerprint) ? fp.normalized : null;
            if (!u.addExtension(t, fingerprint, sql, Math.max(1, repetitions), suggestion, site)) {
                refused.incrementAndGet();
            }
        }
    }
}
