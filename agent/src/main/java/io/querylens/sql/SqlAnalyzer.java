package io.querylens.sql;

/** JSqlParser off the application thread. STUB: to be implemented (see the sql package task). */
public final class SqlAnalyzer implements AutoCloseable {
    public SqlAnalyzer(long timeLimitMillis, int maxParsedChars, int queueCapacity) {
    }

    public void submit(Fingerprint fp) {
    }

    @Override
    public void close() {
    }
}
