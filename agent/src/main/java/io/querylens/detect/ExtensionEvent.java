package io.querylens.detect;

import io.querylens.api.spi.StatementEvent;
import io.querylens.sql.Fingerprint;

/**
 * The {@link StatementEvent} handed to extension detectors: one mutable instance per thread, refilled for
 * every statement so that calling extensions allocates nothing.
 */
public final class ExtensionEvent implements StatementEvent {
    private Fingerprint fp;
    private long durationNanos;
    private long rowsRead;
    private int batchSize;
    private boolean failed;
    private long parameterHash;
    private int executionsInUnit;
    private String unitOfWork;

    /** Fills the event for an execution. */
    public ExtensionEvent execution(Fingerprint fp, long durationNanos, int batchSize, boolean failed,
                                    long parameterHash, int executionsInUnit, String unitOfWork) {
        this.fp = fp;
        this.durationNanos = durationNanos;
        this.rowsRead = -1;
        this.batchSize = batchSize;
        this.failed = failed;
        this.parameterHash = parameterHash;
        this.executionsInUnit = executionsInUnit;
        this.unitOfWork = unitOfWork;
        return this;
    }

    /** Fills the event for a result that was closed. */
    public ExtensionEvent result(Fingerprint fp, long rowsRead, int executionsInUnit, String unitOfWork) {
        this.fp = fp;
        this.durationNanos = -1;
        this.rowsRead = rowsRead;
        this.batchSize = 1;
        this.failed = false;
        this.parameterHash = 0;
        this.executionsInUnit = executionsInUnit;
        this.unitOfWork = unitOfWork;
        return this;
    }

    public Fingerprint fingerprintObject() {
        return fp;
    }

    @Override
    public String fingerprint() {
        return fp.hex;
    }

    @Override
    public String sql() {
        return fp.normalized;
    }

    @Override
    public String operation() {
        return fp.operation();
    }

    @Override
    public String summary() {
        return fp.summary();
    }

    @Override
    public long durationNanos() {
        return durationNanos;
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public boolean failed() {
        return failed;
    }

    @Override
    public long parameterHash() {
        return parameterHash;
    }

    @Override
    public int executionsInUnit() {
        return executionsInUnit;
    }

    @Override
    public String unitOfWork() {
        return unitOfWork;
    }
}
