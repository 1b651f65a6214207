package io.querylens.work;

import io.querylens.api.spi.FindingReporter;
import io.querylens.bootstrap.Log;
import io.querylens.detect.Allowlist;
import io.querylens.detect.CallSite;
import io.querylens.detect.Detectors;
import io.querylens.detect.Extensions;
import io.querylens.detect.Finding;
import io.querylens.detect.FindingRegistry;
import io.querylens.detect.Suggestions;
import io.querylens.detect.Types;
import io.querylens.detect.UnitStats;
import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happens when a unit of work ends: {@link #finish} turns the reusable {@link Unit} into an immutable
 * {@link FinishedUnit} (statement groups in first-execution order, findings with their final repetitions)
 * while the unit is still owned; {@link #deliver} then — with no context held — lets extension detectors
 * judge the unit, adds its findings to the registry and hands it to the listener.
 */
final class UnitEnds {
    private final Detectors detectors;
    private final Extensions extensions;
    private final boolean hasExtensions;
    private final Allowlist allow;
    private final FindingRegistry registry;
    private final long epochOffsetNanos;
    private final int maxFindings;
    private volatile UnitListener listener;
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong listenerFailures = new AtomicLong();

    UnitEnds(Detectors detectors, Extensions extensions, Allowlist allow, FindingRegistry registry,
             long epochOffsetNanos, int maxFindings, UnitListener listener) {
        this.detectors = detectors;
        this.extensions = extensions;
        this.hasExtensions = !extensions.isEmpty();
        this.allow = allow;
        this.registry = registry;
        this.epochOffsetNanos = epochOffsetNanos;
        this.maxFindings = maxFindings;
        this.listener = listener;
    }

    long epoch(long nanoTime) {
        return nanoTime + epochOffsetNanos;
    }

    /**
     * Whether {@code u}, ending, must become a {@link FinishedUnit}: it has findings (for the registry), an
     * extension detector judges units, or the listener wants units. Otherwise {@link #skip} counts it and
     * nothing is allocated. Building the unit was ~1 KB per transaction of three lookups, +329 B per
     * statement of the benchmark's +329 B with no exporter configured.
     */
    boolean wanted(Unit u) {
        // the listener's wish as it was when the unit began (it changes only once, when export is ready): it
        // was read then for the samples, and reading it again through the export's layers cost a few lines
        return u.findings > 0 || u.sampling || hasExtensions;
    }

    /**
     * Whether the listener wants finished units, and so each unit's first executions: without an exporter
     * they are never read, and keeping them was about 6% of the tracker's time per statement.
     */
    boolean listenerWantsUnits() {
        int v = listenerVersion;
        int w = wants;
        if (w >>> 2 == v && (w & 3) != 0) {
            return (w & 3) == WANTS_YES;
        }
        UnitListener l = listener;
        // settled first, then asked: an answer given after the listener said it is settled is its last one
        boolean settled = l == null || l.wantsUnitsSettled();
        boolean yes = l != null && l.wantsUnits();
        if (settled) {
            wants = v << 2 | (yes ? WANTS_YES : WANTS_NO);
        }
        return yes;
    }

    /**
     * The listener's settled answer to {@link UnitListener#wantsUnits()} and the {@link #listenerVersion} it
     * was given for, in one int, on this object's line, which ending a unit reads anyway: asking went
     * through the listener's layers (the deferred export, then the exporter), a few cache lines per unit. A
     * plain field: racing threads write the same answer, and an answer for an older listener is not taken.
     */
    private int wants;
    private static final int WANTS_NO = 1, WANTS_YES = 2;
    /** Bumped after each new listener is set (a volatile write after the listener's). */
    private volatile int listenerVersion;

    void listener(UnitListener l) {
        listener = l;
        listenerVersion = (listenerVersion + 1) & 0x3fff_ffff;
    }

    /**
     * A unit that ends without being built: counted as delivered, as if the listener had ignored it, on the
     * context (see {@link ThreadContext#unitsSkipped}) when the reaper sums it, else here.
     */
    void skip(ThreadContext ctx) {
        if (ctx.tracked) {
            ctx.unitsSkipped++;
        } else {
            skippedUntracked.incrementAndGet();
        }
    }

    final AtomicLong skippedUntracked = new AtomicLong();

    /** Builds the finished unit from {@code u} (which the caller then resets). Allocates; runs once per unit. */
    FinishedUnit finish(Unit u, long endNanos) {
        String name = u.name();
        UnitStats s = u.stats;
        int n = s.size();
        int k = u.samplesPerFingerprint();
        List<StatementGroup> groups = new ArrayList<>(n);
        for (int e = 0; e < n; e++) {
            int kept = u.kept[e];
            List<Execution> executions = new ArrayList<>(kept);
            for (int j = 0; j < kept; j++) {
                int i = e * k + j;
                executions.add(new Execution(epoch(u.sampleStart[i]), u.sampleDuration[i], u.sampleRows[i],
                        u.sampleBatch[i], u.sampleError[i]));
            }
            DbInfo db = u.db[e] == null ? DbInfo.UNKNOWN : u.db[e];
            groups.add(new StatementGroup(s.fingerprint(e), db, s.count(e), s.errors(e), s.totalNanos(e), s.rows(e),
                    epoch(s.firstStartNanos(e)), epoch(s.lastEndNanos(e)), Collections.unmodifiableList(executions)));
        }
        List<Finding> findings = new ArrayList<>(u.findings);
        for (int i = 0; i < u.findings; i++) {
            int type = u.findingType[i];
            if (type == Unit.EXTENSION) {
                findings.add(new Finding(u.extType[i], u.extFingerprint[i], u.extSql[i], u.extRepetitions[i], name,
                        u.findingSite[i], null, u.extSuggestion[i]));
            } else {
                int e = u.findingEntry[i];
                Fingerprint fp = e >= 0 ? s.fingerprint(e) : null;
                int repetitions = type == Types.QUERY_EXPLOSION ? u.statements : detectors.repetitions(type, s, e);
                findings.add(new Finding(Types.name(type), fp == null ? null : fp.hex, fp == null ? null : fp.normalized,
                        repetitions, name, u.findingSite[i], null, Suggestions.of(type)));
            }
        }
        long end = Math.max(endNanos, u.startNanos);
        return new FinishedUnit(u.kind, name, epoch(u.startNanos), epoch(end), u.parentTraceparent, u.statements,
                Collections.unmodifiableList(groups), findings, u.httpStatus, u.errorType);
    }

    /** Publishes a finished unit. Never throws; call with no context held. */
    void deliver(FinishedUnit unit) {
        try {
            if (!extensions.isEmpty()) {
                extensions.onUnitOfWorkEnd(new UnitSummary(unit), new EndReporter(unit));
            }
            for (Finding f : unit.findings) {
                registry.add(f);
            }
        } catch (Throwable t) {
            Log.error("a finished unit of work could not be judged", t);
        }
        delivered.incrementAndGet();
        UnitListener l = listener;
        if (l != null) {
            try {
                l.unitFinished(unit);
            } catch (Throwable t) {
                if (listenerFailures.incrementAndGet() == 1) {
                    Log.error("the unit-of-work listener failed (it keeps being called)", t);
                }
            }
        }
    }

    /** Extension findings raised at the end of a unit: no call site, deduplicated by (type, fingerprint). */
    private final class EndReporter implements FindingReporter {
        private final FinishedUnit unit;

        EndReporter(FinishedUnit unit) {
            this.unit = unit;
        }

        @Override
        public void report(String type, String fingerprint, int repetitions, String suggestion) {
            String t = FindingRaiser.findingType(type);
            if (t == null) {
                return;
            }
            List<Finding> list = unit.findings;
            for (int i = 0; i < list.size(); i++) {
                Finding f = list.get(i);
                if (f.type.equals(t) && (fingerprint == null ? f.fingerprint == null : fingerprint.equals(f.fingerprint))) {
                    if (repetitions > f.repetitions) {
                        list.set(i, new Finding(f.type, f.fingerprint, f.sql, repetitions, f.unitOfWork, f.callSite,
                                f.association, f.suggestion));
                    }
                    return;
                }
            }
            if (list.size() >= maxFindings || allow.allows(t, fingerprint)
                    || allow.hasCallSiteEntries() && allow.allowsCallSite(t, CallSite.UNKNOWN)) {
                return;
            }
            String sql = null;
            for (StatementGroup g : unit.groups) {
                if (g.fingerprint.hex.equals(fingerprint)) {
                    sql = g.fingerprint.normalized;
                    break;
                }
            }
            list.add(new Finding(t, fingerprint, sql, Math.max(1, repetitions), unit.name, CallSite.UNKNOWN, null,
                    suggestion));
        }
    }
}
