package io.querylens.export;

import io.querylens.detect.CallSite;
import io.querylens.detect.Finding;
import io.querylens.sql.DbInfo;
import io.querylens.sql.Fingerprint;
import io.querylens.sql.SqlAnalysis;
import io.querylens.work.Execution;
import io.querylens.work.FinishedUnit;
import io.querylens.work.StatementGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Hand-made units of work, statements and findings for the export tests. */
final class TestData {
    static final DbInfo POSTGRES = new DbInfo("postgresql", "shop", "db.example", 5432);
    static final DbInfo H2 = new DbInfo("h2database", "test", null, -1);
    /** 2025-01-01T00:00:00Z in epoch nanoseconds: timestamps far from "now" show they are the recorded ones. */
    static final long T0 = 1_735_689_600_000_000_000L;
    static final long MS = 1_000_000L;

    private TestData() {}

    static Fingerprint fingerprint(int index, String normalized, String operation, String table) {
        List<String> tables = table == null ? Collections.emptyList() : Collections.singletonList(table);
        String summary = table == null ? operation : operation + " " + table;
        return new Fingerprint(0x1000L + index, normalized, index,
                new SqlAnalysis(operation, new ArrayList<>(tables), summary, false, false, true));
    }

    static Fingerprint selectCustomer() {
        return fingerprint(1, "SELECT id, name FROM customer WHERE id = ?", "SELECT", "customer");
    }

    static Fingerprint insertOrderLine() {
        return fingerprint(2, "INSERT INTO order_line (order_id, sku) VALUES (?, ?)", "INSERT", "order_line");
    }

    /** {@code count} executions of 2 ms each, 1 ms apart from the previous end, starting at {@code start}. */
    static StatementGroup group(Fingerprint fp, DbInfo db, int count, int kept, long start) {
        List<Execution> executions = new ArrayList<>();
        long t = start;
        for (int i = 0; i < count; i++) {
            if (i < kept) {
                executions.add(new Execution(t, 2 * MS, 1, 1, null));
            }
            t += 3 * MS;
        }
        long lastEnd = start + (count - 1) * 3 * MS + 2 * MS;
        return new StatementGroup(fp, db, count, 0, count * 2 * MS, count, start, lastEnd, executions);
    }

    static Finding nPlusOne(Fingerprint fp, int repetitions) {
        return new Finding("N_PLUS_ONE", fp.hex, fp.normalized, repetitions, "GET /orders",
                new CallSite("com.shop.OrderService", "listOrders", "OrderService.java", 42), "Order.customer",
                "fetch Order.customer with a join fetch or an entity graph");
    }

    static FinishedUnit unit(FinishedUnit.Kind kind, String name, String traceparent, List<StatementGroup> groups,
                             List<Finding> findings) {
        int statements = 0;
        for (StatementGroup g : groups) {
            statements += g.count;
        }
        return new FinishedUnit(kind, name, T0, T0 + 500 * MS, traceparent, statements, groups, findings,
                kind == FinishedUnit.Kind.REQUEST ? 200 : 0, null);
    }

    static FinishedUnit request(String name, StatementGroup... groups) {
        return unit(FinishedUnit.Kind.REQUEST, name, null, Arrays.asList(groups), Collections.emptyList());
    }
}
