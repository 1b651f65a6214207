package io.querylens.detect;

import io.querylens.sql.Fingerprint;
import io.querylens.sql.SqlAnalysis;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fingerprints for tests, made directly (the sql package's registry interns them in the agent). */
public final class Statements {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Statements() {}

    public static Fingerprint select(String sql) {
        return of("SELECT", sql, false, sql.toLowerCase().contains(" limit "));
    }

    public static Fingerprint selectStar(String sql) {
        return of("SELECT", sql, true, sql.toLowerCase().contains(" limit "));
    }

    public static Fingerprint insert(String sql) {
        return of("INSERT", sql, false, false);
    }

    public static Fingerprint update(String sql) {
        return of("UPDATE", sql, false, false);
    }

    public static Fingerprint of(String operation, String sql, boolean selectStar, boolean hasLimit) {
        int index = NEXT.getAndIncrement();
        long id = 0x1000L + index * 0x9E3779B97F4A7C15L;
        return new Fingerprint(id, sql, index,
                new SqlAnalysis(operation, List.of("t"), operation + " t", selectStar, hasLimit, true));
    }

    /** A fingerprint with a given dense index (e.g. the registry's overflow index). */
    public static Fingerprint withIndex(String operation, String sql, int index) {
        return new Fingerprint(0x2000L + index, sql, index,
                new SqlAnalysis(operation, List.of("t"), operation + " t", false, false, true));
    }
}
