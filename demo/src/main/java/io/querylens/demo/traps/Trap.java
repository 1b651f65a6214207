package io.querylens.demo.traps;

import io.querylens.demo.web.Json;

/**
 * One ORM performance trap, reachable at {@link #path()}. Each trap does exactly one wasteful thing in a
 * fixed, deterministic way, so that QueryLens must raise the finding the endpoint is named after.
 */
public interface Trap {
    /** For example {@code /traps/n-plus-one}. */
    String path();

    /** GET, or POST for traps that write. */
    default String method() {
        return "GET";
    }

    /** Springs the trap once and describes what it did. */
    Json run() throws Exception;
}
