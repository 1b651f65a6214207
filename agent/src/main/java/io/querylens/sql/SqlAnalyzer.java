package io.querylens.sql;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.statement.Statement;

/**
 * JSqlParser, off the application thread and under a time limit. {@link Fingerprints} submits each new
 * fingerprint once; one daemon thread ({@value #THREAD_NAME}) parses its normalized text and, on success,
 * replaces the fast pass's analysis with {@link Fingerprint#analysis(SqlAnalysis)}. A parse that fails or runs
 * out of time leaves the fast analysis in place.
 *
 * <p>Time limit: JSqlParser's own timeout runs every parse on a pooled thread and waits on a future; instead
 * the parse runs right here and a watchdog thread ({@value #WATCHDOG_NAME}, parked while no parse runs) sets
 * the parser's {@code interrupted} flag once the limit has passed. The grammar checks that flag in its
 * costly look-aheads, so a runaway "complex" parse (seconds on 10 levels of nested conditions) then gives
 * up within about 100 ms (measured with JSqlParser 5.3). A parse flagged this way counts as timed out, and
 * its result, if any, is thrown away.
 *
 * <p>Bounds: the queue holds {@code queueCapacity} fingerprints, and {@link #submit} never blocks: when the
 * queue is full the fingerprint is dropped (and keeps its fast analysis). Texts longer than
 * {@code maxParsedChars} are not parsed.
 */
public final class SqlAnalyzer implements AutoCloseable {
    static final String THREAD_NAME = "querylens-sql-analyzer";
    static final String WATCHDOG_NAME = "querylens-sql-watchdog";

    private final long timeLimitNanos;
    private final long startDelayNanos;
    private final int maxParsedChars;
    private final BlockingQueue<Fingerprint> queue;
    private final Thread worker;
    private final Thread watchdog;
    private volatile boolean closed;
    /** The parse under way, watched by the watchdog; null while idle. */
    private volatile Attempt current;

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong parsed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /**
     * Starts the analyzer's two daemon threads.
     *
     * @param timeLimitMillis the most one statement may take to parse
     * @param maxParsedChars  longer normalized texts are not parsed
     * @param queueCapacity   fingerprints waiting to be parsed; more are dropped
     */
    public SqlAnalyzer(long timeLimitMillis, int maxParsedChars, int queueCapacity) {
        this(timeLimitMillis, maxParsedChars, queueCapacity, 0);
    }

    /**
     * As above, and the first parse waits {@code startDelayMillis} after construction: JSqlParser's classes
     * and its first, slow parses then do not compete with the application's own start-up for the CPU
     * (about 90 ms from JVM start to first query in StartupApp on 2 CPUs). Meanwhile every fingerprint has
     * its fast analysis, which names the same operation and tables for all but unusual statements.
     */
    public SqlAnalyzer(long timeLimitMillis, int maxParsedChars, int queueCapacity, long startDelayMillis) {
        this.startDelayNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, startDelayMillis));
        this.timeLimitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeLimitMillis));
        this.maxParsedChars = maxParsedChars;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueCapacity));
        // a deep expression recurses deeply in the generated parser: give it room (a hint the VM may ignore)
        this.worker = new Thread(null, this::work, THREAD_NAME, 4L << 20);
        this.watchdog = new Thread(null, this::watch, WATCHDOG_NAME, 256L << 10);
        for (Thread t : new Thread[] {worker, watchdog}) {
            t.setDaemon(true);
            t.setContextClassLoader(SqlAnalyzer.class.getClassLoader()); // never pin an application loader
            t.start();
        }
    }

    /** Queues {@code fp} for parsing; never blocks, never throws. A full queue or a closed analyzer drops it. */
    public void submit(Fingerprint fp) {
        if (fp == null) {
            return;
        }
        if (closed || !queue.offer(fp)) {
            dropped.incrementAndGet();
            return;
        }
        submitted.incrementAndGet();
    }

    /**
     * Parses {@code normalized} right away on the calling thread, with no time limit (for tests and tools).
     *
     * @return JSqlParser's analysis, or null if it cannot parse the text
     */
    public static SqlAnalysis analyze(String normalized) {
        if (normalized == null) {
            return null;
        }
        try {
            Statement st = ParsedAnalysis.parse(normalized, p -> { }, () -> false);
            return st == null ? null
                    : ParsedAnalysis.derive(st, normalized, SqlNormalizer.normalize(normalized).analysis);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /**
     * Waits until every submitted fingerprint has been analyzed (for tests and for a final report).
     *
     * @return true if idle, false if {@code timeoutMillis} passed first
     */
    public boolean awaitIdle(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (done() < submitted.get()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return true;
    }

    /** Fingerprints whose analysis JSqlParser replaced. */
    public long parsed() {
        return parsed.get();
    }

    /** Fingerprints JSqlParser could not parse (within the time limit or not). */
    public long failed() {
        return failed.get();
    }

    /** Parses stopped by the time limit. */
    public long timedOut() {
        return timedOut.get();
    }

    /** Fingerprints turned away by a full queue or a closed analyzer. */
    public long dropped() {
        return dropped.get();
    }

    /** Fingerprints not parsed because their text is longer than {@code maxParsedChars} (or empty). */
    public long skipped() {
        return skipped.get();
    }

    /** Stops both threads; a parse under way is interrupted. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Attempt a = current;
        if (a != null) {
            a.expire();
        }
        worker.interrupt();
        LockSupport.unpark(watchdog);
    }

    private long done() {
        return parsed.get() + failed.get() + timedOut.get() + skipped.get();
    }

    private void work() {
        long start = System.nanoTime() + startDelayNanos;
        for (long left; !closed && (left = start - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(this, left); // close() unparks by interrupting
            if (Thread.interrupted()) {
                return;
            }
        }
        while (!closed) {
            Fingerprint fp;
            try {
                fp = queue.take();
            } catch (InterruptedException e) {
                return; // closed
            }
            try {
                analyzeOne(fp);
            } catch (Throwable t) {
                failed.incrementAndGet(); // never let one statement stop the analyzer
            }
        }
    }

    private void analyzeOne(Fingerprint fp) {
        String text = fp.normalized;
        if (text.isEmpty() || text.length() > maxParsedChars) {
            skipped.incrementAndGet();
            return;
        }
        Attempt attempt = new Attempt(System.nanoTime() + timeLimitNanos);
        current = attempt;
        LockSupport.unpark(watchdog);
        Statement st;
        try {
            st = ParsedAnalysis.parse(text, attempt::use, attempt::expired);
        } catch (Throwable t) {
            st = null; // StackOverflowError on absurd nesting, or a parser bug
        } finally {
            current = null;
        }
        if (attempt.expired()) {
            timedOut.incrementAndGet();
        } else if (st == null) {
            failed.incrementAndGet();
        } else {
            fp.analysis(ParsedAnalysis.derive(st, text, fp.analysis()));
            parsed.incrementAndGet();
        }
    }

    private void watch() {
        while (!closed) {
            Attempt a = current;
            if (a == null) {
                LockSupport.park(this);
                continue;
            }
            long wait = a.deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            } else {
                a.expire();
                while (current == a && !closed) {
                    LockSupport.parkNanos(this, 5_000_000L); // until the worker notices and moves on
                }
            }
        }
    }

    /** One statement's parse: the parser running now, and whether time is up. */
    private static final class Attempt {
        final long deadline;
        private volatile CCJSqlParser parser;
        private volatile boolean expired;

        Attempt(long deadline) {
            this.deadline = deadline;
        }

        /** Called by the worker before each parser runs. */
        void use(CCJSqlParser p) {
            parser = p;
            if (expired) {
                p.interrupted = true;
            }
        }

        /** Called by the watchdog; both fields are volatile: it sees the parser, or the worker sees the flag. */
        void expire() {
            expired = true;
            CCJSqlParser p = parser;
            if (p != null) {
                p.interrupted = true;
            }
        }

        boolean expired() {
            return expired;
        }
    }
}
