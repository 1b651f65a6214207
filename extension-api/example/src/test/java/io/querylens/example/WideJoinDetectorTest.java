package io.querylens.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.api.spi.Detector;
import io.querylens.api.spi.FindingReporter;
import io.querylens.api.spi.StatementEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class WideJoinDetectorTest {
    private final List<String> reported = new ArrayList<>();
    private final FindingReporter reporter = (type, fingerprint, repetitions, suggestion) ->
            reported.add(type + " " + fingerprint + " x" + repetitions);

    @Test
    void aStatementJoiningFiveTablesIsReportedOncePerUnit() {
        Detector d = new WideJoinDetector(3);
        String sql = "select * from orders o join customer c on c.id = o.customer_id join address a on a.id = c.address_id "
                + "left join line l on l.order_id = o.id inner join product p on p.id = l.product_id where o.id = ?";
        d.onStatement(event("00000000000000aa", sql, 1), reporter);
        d.onStatement(event("00000000000000aa", sql, 2), reporter);
        assertEquals(List.of("TOO_MANY_JOINS 00000000000000aa x1"), reported);
    }

    @Test
    void aJoinOfThreeTablesIsFine() {
        Detector d = new WideJoinDetector(3);
        d.onStatement(event("00000000000000bb",
                "select o.id from orders o join customer c on c.id = o.customer_id join address a on a.id = c.address_id", 1),
                reporter);
        assertEquals(List.of(), reported);
    }

    @Test
    void joinIsCountedAsAWordOnly() {
        assertEquals(2, WideJoinDetector.joins("SELECT joined_at FROM a JOIN b ON x LEFT OUTER JOIN c ON y"));
        assertEquals(0, WideJoinDetector.joins("select rejoin, joins from t"));
    }

    @Test
    void theServiceFileNamesTheDetector() {
        List<String> names = new ArrayList<>();
        for (Detector d : ServiceLoader.load(Detector.class)) {
            names.add(d.getClass().getName());
        }
        assertTrue(names.contains(WideJoinDetector.class.getName()), names.toString());
    }

    private static StatementEvent event(String fingerprint, String sql, int executionsInUnit) {
        return new StatementEvent() {
            public String fingerprint() { return fingerprint; }
            public String sql() { return sql; }
            public String operation() { return "SELECT"; }
            public String summary() { return "SELECT orders"; }
            public long durationNanos() { return 1000; }
            public long rowsRead() { return -1; }
            public int batchSize() { return 1; }
            public boolean failed() { return false; }
            public long parameterHash() { return 7; }
            public int executionsInUnit() { return executionsInUnit; }
            public String unitOfWork() { return "GET /orders/{id}"; }
        };
    }
}
