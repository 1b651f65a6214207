package io.querylens.sql;

/**
 * One normalized statement shape: literals replaced by {@code ?}, {@code IN} lists collapsed, comments
 * dropped, whitespace and keyword case normalized. Interned by {@link Fingerprints}: there is one instance
 * per distinct normalized text (up to the registry's bound), so identity comparison is enough, and
 * {@link #index} addresses dense per-fingerprint arrays elsewhere (statistics, per-unit tables).
 */
public final class Fingerprint {
    /** The 64-bit hash of {@link #normalized}; stable across runs and JVMs. */
    public final long id;
    /** {@link #id} as 16 lower-case hex digits: the public fingerprint. */
    public final String hex;
    /** The normalized text; it holds no literal of the original statement. */
    public final String normalized;
    /** Dense index in {@code [0, capacity)}; the overflow fingerprint has index {@code capacity}. */
    public final int index;
    private volatile SqlAnalysis analysis;
    /**
     * What the statement path asks of {@link #analysis} per execution, as bits ({@link #SELECT}, {@link #WRITE},
     * {@link #LIMIT}), set with it: on this object's line, which the path reads anyway for {@link #index},
     * where asking the analysis read its line and its operation string's.
     */
    private volatile int kinds;
    static final int SELECT = 1, WRITE = 2, LIMIT = 4;
    /** Columns in the result of a query, learned once from {@code ResultSetMetaData}; -1 until then. */
    private volatile int columnCount = -1;

    public Fingerprint(long id, String normalized, int index, SqlAnalysis fastAnalysis) {
        this.id = id;
        this.hex = toHex(id);
        this.normalized = normalized;
        this.index = index;
        this.analysis = fastAnalysis;
        this.kinds = fastAnalysis == null ? 0 : fastAnalysis.kinds();
    }

    /** Never null: the fast pass's analysis until JSqlParser's replaces it. */
    public SqlAnalysis analysis() {
        return analysis;
    }

    public void analysis(SqlAnalysis parsed) {
        if (parsed != null) {
            this.analysis = parsed;
            this.kinds = parsed.kinds();
        }
    }

    /** {@code analysis().isSelect()}, from this object's own line. */
    public boolean isSelect() {
        return (kinds & SELECT) != 0;
    }

    /** {@code analysis().isWrite()}, from this object's own line. */
    public boolean isWrite() {
        return (kinds & WRITE) != 0;
    }

    /** {@code analysis().hasLimit}, from this object's own line. */
    public boolean hasLimit() {
        return (kinds & LIMIT) != 0;
    }

    public String summary() {
        return analysis.summary;
    }

    public String operation() {
        return analysis.operation;
    }

    public int columnCount() {
        return columnCount;
    }

    public void columnCount(int n) {
        this.columnCount = n;
    }

    public static String toHex(long id) {
        String s = Long.toHexString(id);
        return s.length() == 16 ? s : "0000000000000000".substring(s.length()) + s;
    }

    @Override
    public String toString() {
        return hex + " " + normalized;
    }
}
