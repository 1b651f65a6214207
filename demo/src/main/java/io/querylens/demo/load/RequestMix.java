package io.querylens.demo.load;

import io.querylens.demo.Endpoint;
import io.querylens.demo.Endpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which requests the driver sends, in a fixed round robin: request {@code i} goes to endpoint
 * {@code i % size}, and {@code i / size} picks its parameters (order 1..100, customer 1..20, a search
 * word), so that two runs with the same options send the same requests.
 */
public final class RequestMix {
    /** The {@code --mix} choices. */
    public enum Kind {
        ALL, CLEAN, TRAPS;

        static Kind parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mix must be all, clean or traps, not '" + value + "'");
            }
        }
    }

    private static final String[] SEARCH_WORDS = {"widget", "gadget", "gizmo", "sprocket", "red", "blue"};

    private final List<Endpoint> endpoints = new ArrayList<>();

    public RequestMix(Kind kind) {
        for (Endpoint e : Endpoints.ALL) {
            boolean clean = e.kind() == Endpoint.Kind.CLEAN;
            boolean trap = e.kind() == Endpoint.Kind.TRAP;
            if (kind == Kind.ALL ? clean || trap : kind == Kind.CLEAN ? clean : trap) {
                endpoints.add(e);
            }
        }
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The endpoint of request number {@code i}. */
    public Endpoint endpoint(long i) {
        return endpoints.get((int) (i % endpoints.size()));
    }

    /** The concrete path (with parameters) of request number {@code i}. */
    public String path(long i) {
        long round = i / endpoints.size();
        return endpoint(i).path()
                .replace("/orders/{id}", "/orders/" + (round % 100 + 1))
                .replace("/customers/{id}", "/customers/" + (round % 20 + 1))
                .replace("{text}", SEARCH_WORDS[(int) (round % SEARCH_WORDS.length)]);
    }
}
