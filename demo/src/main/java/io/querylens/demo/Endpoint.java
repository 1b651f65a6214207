package io.querylens.demo;

/**
 * One endpoint of the shop: what the index page lists and what the load driver calls.
 *
 * @see Endpoints
 */
public final class Endpoint {
    /** What an endpoint is for. */
    public enum Kind {
        /** Good data access: QueryLens must raise no finding for it. */
        CLEAN,
        /** One ORM performance trap: QueryLens must raise {@link #finding()} for it. */
        TRAP,
        /** A background job run in an explicit unit of work. */
        JOB,
        /** Administration (shutdown): never part of a load mix. */
        ADMIN
    }

    private final String method;
    private final String path;
    private final Kind kind;
    private final String finding;
    private final String description;

    Endpoint(String method, String path, Kind kind, String finding, String description) {
        this.method = method;
        this.path = path;
        this.kind = kind;
        this.finding = finding;
        this.description = description;
    }

    /** GET or POST. */
    public String method() {
        return method;
    }

    /** The path template, e.g. {@code /orders/{id}}. */
    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    /** The finding type (see {@code io.querylens.api.FindingTypes}) a trap must raise; null otherwise. */
    public String finding() {
        return finding;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
