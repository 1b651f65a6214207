package io.querylens.sql;

import java.util.Collections;
import java.util.List;

/**
 * What is known of a statement's structure. The fast pass ({@link SqlNormalizer}) gives a first, rough
 * analysis at once; JSqlParser replaces it off the application thread ({@link SqlAnalyzer}).
 */
public final class SqlAnalysis {
    /** {@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code CALL}, ... or null. */
    public final String operation;
    /** Tables in order of appearance, lower case as written (schema-qualified if written so); never null. */
    public final List<String> tables;
    /** {@code db.query.summary}: operation then targets, at most 255 characters, e.g. {@code SELECT orders customer}. */
    public final String summary;
    /** The statement selects {@code *} or {@code t.*}. */
    public final boolean selectStar;
    /** The statement limits its rows: {@code LIMIT}, {@code FETCH FIRST}, {@code TOP}, {@code ROWNUM}. */
    public final boolean hasLimit;
    /** True when this came from JSqlParser, false for the fast pass's estimate. */
    public final boolean parsed;
    /** {@link #isSelect()} and {@link #isWrite()}, worked out once: per statement they were string compares. */
    private final boolean select;
    private final boolean write;

    public SqlAnalysis(String operation, List<String> tables, String summary, boolean selectStar, boolean hasLimit,
                       boolean parsed) {
        this.operation = operation;
        this.tables = tables == null ? Collections.emptyList() : Collections.unmodifiableList(tables);
        this.summary = summary;
        this.selectStar = selectStar;
        this.hasLimit = hasLimit;
        this.parsed = parsed;
        this.select = "SELECT".equals(operation);
        this.write = "INSERT".equals(operation) || "UPDATE".equals(operation) || "DELETE".equals(operation)
                || "MERGE".equals(operation) || "UPSERT".equals(operation) || "REPLACE".equals(operation);
    }

    /** {@code db.collection.name}: the first table, when there is exactly one target; else null. */
    public String collection() {
        return tables.size() == 1 ? tables.get(0) : null;
    }

    public boolean isWrite() {
        return write;
    }

    public boolean isSelect() {
        return select;
    }

    /** {@link #isSelect()}, {@link #isWrite()} and {@link #hasLimit} as {@link Fingerprint}'s bits. */
    int kinds() {
        return (select ? Fingerprint.SELECT : 0) | (write ? Fingerprint.WRITE : 0) | (hasLimit ? Fingerprint.LIMIT : 0);
    }

    @Override
    public String toString() {
        return "SqlAnalysis{" + summary + ", tables=" + tables + ", selectStar=" + selectStar + ", hasLimit="
                + hasLimit + ", parsed=" + parsed + '}';
    }
}
