package io.querylens.instrument.jdbc;

import io.querylens.bootstrap.Followed;
import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import io.querylens.work.ThreadContext;

/**
 * What the agent keeps on one statement object (through its injected field), and what its current result
 * set points to. One small object per statement, created when the statement is prepared; the result's
 * counters live here too, so reading a result allocates nothing.
 *
 * <p>Only the thread using the statement touches it: JDBC statements are not shared between threads
 * while executing. When its statement is closed on the thread that created it, it is reset and kept in
 * that thread's context for the next statement prepared there ({@link #reset}), which saved the 80 bytes
 * it cost per statement.
 */
final class StatementState extends Followed {
    /** The prepared statement's fingerprint; for plain statements, that of the last executed SQL. */
    Fingerprint fingerprint;
    DbInfo db;
    /** Sum of mixed (index, value hash) over the parameters bound since the last execution. */
    long bindHash;
    boolean bindsConsumed;
    int batchCount;
    Fingerprint batchFingerprint;
    long maxRows;
    int fetchSize;

    // the current result of this statement (its row counters are in Followed)
    /** The current result's fingerprint: meaningful only while {@code result} is not null. */
    Fingerprint resultFingerprint;
    /** The unit entry of the execution that gave the current result ({@code WorkTracker.executed}). */
    long resultEntry;
    /** The context of the thread that used the statement last (racy; checked against its owner). */
    ThreadContext ctx;

    StatementState(Fingerprint fingerprint, DbInfo db) {
        this.fingerprint = fingerprint;
        this.db = db;
    }

    /**
     * As new, for reuse by another statement. A reference field is written only when its value changes:
     * this object lives long (it is kept for reuse), and under G1 every write of a reference into an old
     * object from another heap region costs a memory fence in the write barrier. The thread's next statement
     * usually has the same fingerprint and database. {@link #resultFingerprint} is left as it is: it means
     * something only while a result is open.
     */
    void reset(Fingerprint fingerprint, DbInfo db) {
        if (this.fingerprint != fingerprint) {
            this.fingerprint = fingerprint;
        }
        if (this.db != db) {
            this.db = db;
        }
        bindHash = 0;
        bindsConsumed = false;
        batchCount = 0;
        if (batchFingerprint != null) {
            batchFingerprint = null;
        }
        maxRows = 0;
        fetchSize = 0;
        follow(null);
    }

    void bind(int index, long valueHash) {
        if (bindsConsumed) {
            bindHash = 0;
            bindsConsumed = false;
        }
        // commutative, so the order in which parameters are set does not matter
        long h = (valueHash ^ (index * 0x9E3779B97F4A7C15L)) * 0xC2B2AE3D27D4EB4FL;
        bindHash += h ^ (h >>> 31);
    }

    void openResult(Object rs, Fingerprint fp, long entry) {
        follow(rs);
        if (resultFingerprint != fp) { // see reset: usually the fingerprint of this state's last result too
            resultFingerprint = fp;
        }
        resultEntry = entry;
    }
}
