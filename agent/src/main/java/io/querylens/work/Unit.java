package io.querylens.work;

import io.querylens.detect.CallSite;
import io.querylens.detect.UnitStats;
import io.querylens.sql.DbInfo;
import java.util.Arrays;

/**
 * One open unit of work: its identity (kind, name, parent trace), the per-fingerprint statistics the
 * detectors judge ({@link UnitStats}), the first executions of each fingerprint kept for spans, and the
 * findings raised so far. Instances are reused: a thread's units keep their grown arrays from one unit of
 * work to the next, so recording a statement allocates nothing in steady state.
 *
 * <p>Owned by one thread at a time (see {@link ThreadContext} for the handoff with the reaper).
 */
final class Unit {
    /** Extension findings have no built-in type id. */
    static final int EXTENSION = -1;

    final UnitStats stats;
    private final int samplesPerFingerprint;
    private final int maxFindings;

    // identity
    FinishedUnit.Kind kind;
    /** Bumped on every reuse, so a token of an ended unit never ends its successor. */
    long generation;
    String method;
    /**
     * The request's URI as the container gave it; normalized ({@link UnitNames#normalizePath}) only when the
     * name is asked for: most units end unnamed, built for no one (no finding, no export).
     */
    String path;
    String route;
    String explicitName;
    private String name;
    String parentTraceparent;
    long startNanos;
    long lastEventNanos;
    int statements;
    int openResults;
    /** Whether the first executions are kept: only a listener that wants units (spans) reads them. */
    boolean sampling;
    int httpStatus;
    String errorType;

    // per entry: the database, and the first executions (spans)
    DbInfo[] db;
    int[] kept;
    int[] rowsAssigned;
    long[] sampleStart;
    long[] sampleDuration;
    long[] sampleRows;
    int[] sampleBatch;
    String[] sampleError;

    // findings raised in this unit
    int findings;
    long findingsRefused;
    int[] findingType;
    int[] findingEntry;
    CallSite[] findingSite;
    String[] extType;
    String[] extFingerprint;
    String[] extSql;
    int[] extRepetitions;
    String[] extSuggestion;

    Unit(int maxFingerprints, int maxParameters, int samplesPerFingerprint, int maxFindings) {
        this.stats = new UnitStats(maxFingerprints, maxParameters);
        this.samplesPerFingerprint = samplesPerFingerprint;
        this.maxFindings = maxFindings;
        ensureEntries();
        int f = Math.min(4, maxFindings);
        findingType = new int[f];
        findingEntry = new int[f];
        findingSite = new CallSite[f];
        extType = new String[f];
        extFingerprint = new String[f];
        extSql = new String[f];
        extRepetitions = new int[f];
        extSuggestion = new String[f];
    }

    int samplesPerFingerprint() {
        return samplesPerFingerprint;
    }

    /** Grows the per-entry arrays to the statistics' capacity (only when it grew). */
    void ensureEntries() {
        int cap = stats.capacity();
        if (db != null && db.length >= cap) {
            return;
        }
        db = db == null ? new DbInfo[cap] : Arrays.copyOf(db, cap);
        kept = kept == null ? new int[cap] : Arrays.copyOf(kept, cap);
        rowsAssigned = rowsAssigned == null ? new int[cap] : Arrays.copyOf(rowsAssigned, cap);
        int s = cap * samplesPerFingerprint;
        sampleStart = sampleStart == null ? new long[s] : Arrays.copyOf(sampleStart, s);
        sampleDuration = sampleDuration == null ? new long[s] : Arrays.copyOf(sampleDuration, s);
        sampleRows = sampleRows == null ? new long[s] : Arrays.copyOf(sampleRows, s);
        sampleBatch = sampleBatch == null ? new int[s] : Arrays.copyOf(sampleBatch, s);
        sampleError = sampleError == null ? new String[s] : Arrays.copyOf(sampleError, s);
    }

    void begin(FinishedUnit.Kind kind, long startNanos, String parentTraceparent) {
        if (this.kind != kind) { // a thread's next unit is usually of the same kind: see reset()
            this.kind = kind;
        }
        this.generation++;
        this.startNanos = startNanos;
        this.lastEventNanos = startNanos;
        this.parentTraceparent = parentTraceparent;
    }

    /** e.g. {@code GET /orders/{id}}; computed once and kept until the route changes. */
    String name() {
        String n = name;
        if (n == null) {
            switch (kind) {
                case REQUEST:
                    n = method + " " + (route != null ? route : UnitNames.normalizePath(path));
                    break;
                case EXPLICIT:
                    n = explicitName;
                    break;
                case TRANSACTION:
                    n = "transaction";
                    break;
                default:
                    n = explicitName; // the implicit unit's "thread <name>", set by the tracker
            }
            name = n;
        }
        return n;
    }

    void route(String route) {
        if (!route.equals(this.route)) {
            this.route = route;
            this.name = null;
        }
    }

    /** Keeps execution number {@code count} (1-based) of entry {@code e} when it is among the first few. */
    void sample(int e, int count, long startNanos, long durationNanos, int batchSize, String errorType) {
        if (sampling && count <= samplesPerFingerprint) {
            int i = e * samplesPerFingerprint + count - 1;
            sampleStart[i] = startNanos;
            sampleDuration[i] = durationNanos;
            sampleRows[i] = -1;
            sampleBatch[i] = batchSize;
            sampleError[i] = errorType;
            kept[e] = count;
        }
    }

    /** Rows of a closed result go to the oldest kept execution of entry {@code e} still without rows. */
    void sampleRows(int e, long rows) {
        if (!sampling) {
            return;
        }
        int r = rowsAssigned[e];
        if (r < kept[e]) {
            sampleRows[e * samplesPerFingerprint + r] = rows;
            rowsAssigned[e] = r + 1;
        }
    }

    /** Records a built-in finding; false when the unit already holds its bound of findings. */
    boolean addFinding(int type, int entry, CallSite site) {
        int i = slot();
        if (i < 0) {
            return false;
        }
        findingType[i] = type;
        findingEntry[i] = entry;
        findingSite[i] = site;
        return true;
    }

    /** The index of the extension finding (type, fingerprint), or -1. */
    int findExtension(String type, String fingerprint) {
        for (int i = 0; i < findings; i++) {
            if (findingType[i] == EXTENSION && extType[i].equals(type)
                    && (fingerprint == null ? extFingerprint[i] == null : fingerprint.equals(extFingerprint[i]))) {
                return i;
            }
        }
        return -1;
    }

    boolean addExtension(String type, String fingerprint, String sql, int repetitions, String suggestion, CallSite site) {
        int i = slot();
        if (i < 0) {
            return false;
        }
        findingType[i] = EXTENSION;
        findingEntry[i] = -1;
        findingSite[i] = site;
        extType[i] = type;
        extFingerprint[i] = fingerprint;
        extSql[i] = sql;
        extRepetitions[i] = repetitions;
        extSuggestion[i] = suggestion;
        return true;
    }

    private int slot() {
        if (findings >= maxFindings) {
            findingsRefused++;
            return -1;
        }
        if (findings == findingType.length) {
            int n = Math.min(maxFindings, findings * 2);
            findingType = Arrays.copyOf(findingType, n);
            findingEntry = Arrays.copyOf(findingEntry, n);
            findingSite = Arrays.copyOf(findingSite, n);
            extType = Arrays.copyOf(extType, n);
            extFingerprint = Arrays.copyOf(extFingerprint, n);
            extSql = Arrays.copyOf(extSql, n);
            extRepetitions = Arrays.copyOf(extRepetitions, n);
            extSuggestion = Arrays.copyOf(extSuggestion, n);
        }
        return findings++;
    }

    /** Forgets the unit's content, keeping its arrays for the next unit. */
    void reset() {
        // db[e] is written at each entry's first execution, so it is left as it is: only a unit that sampled
        // has anything else per entry to forget
        if (sampling) {
            int n = stats.size();
            for (int e = 0; e < n; e++) {
                int k = kept[e];
                for (int j = 0; j < k; j++) {
                    sampleError[e * samplesPerFingerprint + j] = null;
                }
                kept[e] = 0;
                rowsAssigned[e] = 0;
            }
        }
        stats.clear();
        for (int i = 0; i < findings; i++) {
            findingSite[i] = null;
            extType[i] = null;
            extFingerprint[i] = null;
            extSql[i] = null;
            extSuggestion[i] = null;
        }
        findings = 0;
        findingsRefused = 0;
        // kind stays (an enum constant): begin() writes it only if it differs, since a reference written
        // into this long-lived object can cost a memory fence in G1's write barrier
        method = null;
        path = null;
        route = null;
        explicitName = null;
        name = null;
        parentTraceparent = null;
        statements = 0;
        openResults = 0;
        httpStatus = 0;
        errorType = null;
    }
}
