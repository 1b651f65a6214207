package io.querylens.api;

/** An open unit of work; {@link #close()} ends it (idempotent). */
public final class UnitOfWork implements AutoCloseable {
    private Object token;

    UnitOfWork(Object token) {
        this.token = token;
    }

    @Override
    public void close() {
        Object t = token;
        token = null;
        QueryLens.end(t);
    }
}
