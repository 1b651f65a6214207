package io.querylens.instrument.jdbc;

import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;

/**
 * What the agent keeps on one statement object (through its injected field), and what its current result
 * set points to. One small object per statement, created when the statement is prepared; the result's
 * counters live here too, so reading a result allocates nothing.
 *
 * <p>Only the thread using the statement touches it: JDBC statements are not shared between threads
 * while executing.
 */
final class StatementState {
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

    // the current result of this statement
    Object resultSet;
    Fingerprint resultFingerprint;
    long rows;
    long columnMask;
    boolean lastNextHadRow;
    boolean exhausted;

    StatementState(Fingerprint fingerprint, DbInfo db) {
        this.fingerprint = fingerprint;
        this.db = db;
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

    void openResult(Object rs, Fingerprint fp) {
        resultSet = rs;
        resultFingerprint = fp;
        rows = 0;
        columnMask = 0;
        lastNextHadRow = false;
        exhausted = false;
    }

    void clearResult() {
        resultSet = null;
        resultFingerprint = null;
    }
}
