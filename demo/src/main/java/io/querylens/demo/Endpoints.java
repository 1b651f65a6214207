package io.querylens.demo;

import static io.querylens.demo.Endpoint.Kind.ADMIN;
import static io.querylens.demo.Endpoint.Kind.CLEAN;
import static io.querylens.demo.Endpoint.Kind.JOB;
import static io.querylens.demo.Endpoint.Kind.TRAP;

import io.querylens.api.FindingTypes;
import java.util.List;

/** Every endpoint of the shop, in the order the index page lists them. */
public final class Endpoints {
    public static final List<Endpoint> ALL = List.of(
            new Endpoint("GET", "/", ADMIN, null, "this list"),
            new Endpoint("GET", "/orders/{id}", CLEAN, null, "one order with its customer and lines: one join-fetch query"),
            new Endpoint("GET", "/orders", CLEAN, null, "the first 20 orders with their customers: one join-fetch query with a limit"),
            new Endpoint("GET", "/products/search?q={text}", CLEAN, null, "id and name of up to 10 matching products: a projection with a limit"),
            new Endpoint("GET", "/customers/{id}/exists", CLEAN, null, "whether a customer exists: a query with limit 1"),
            new Endpoint("POST", "/orders/import", CLEAN, null, "stages 50 imported order lines: one JDBC batch of 50 inserts"),
            new Endpoint("GET", "/events/export", CLEAN, null, "streams all 20,000 events with a fetch size of 500"),
            new Endpoint("GET", "/products/count", CLEAN, null, "the number of products: SELECT COUNT(*)"),
            new Endpoint("GET", "/traps/n-plus-one", TRAP, FindingTypes.N_PLUS_ONE,
                    "20 orders, then each order's lazy customer: 1 + 20 queries"),
            new Endpoint("GET", "/traps/duplicate", TRAP, FindingTypes.DUPLICATE_QUERY,
                    "the same setting looked up 6 times with the same key"),
            new Endpoint("POST", "/traps/unbatched", TRAP, FindingTypes.UNBATCHED_WRITES,
                    "30 inserts, one executeUpdate each, in one transaction"),
            new Endpoint("GET", "/traps/select-star", TRAP, FindingTypes.OVER_FETCH_COLUMNS,
                    "SELECT * of 50 wide products to show only their names"),
            new Endpoint("GET", "/traps/over-fetch-rows", TRAP, FindingTypes.OVER_FETCH_ROWS,
                    "all 200 products fetched without a limit, 10 read"),
            new Endpoint("GET", "/traps/count-in-app", TRAP, FindingTypes.COUNT_IN_APP,
                    "all 100 order ids fetched only to count them"),
            new Endpoint("GET", "/traps/large-result", TRAP, FindingTypes.LARGE_RESULT,
                    "all 20,000 events read into memory without a fetch size"),
            new Endpoint("GET", "/traps/slow", TRAP, FindingTypes.SLOW_QUERY,
                    "one statement that sleeps 1.2 s in the database"),
            new Endpoint("GET", "/traps/explosion", TRAP, FindingTypes.QUERY_EXPLOSION,
                    "150 primary-key lookups in one request (also an N+1)"),
            new Endpoint("POST", "/jobs/nightly-report", JOB, null,
                    "a report run on a background thread inside QueryLens.unitOfWork(\"nightly-report\")"),
            new Endpoint("POST", "/shutdown", ADMIN, null, "answers, then stops the shop (exit status 0)"));

    private Endpoints() {}
}
