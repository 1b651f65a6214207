package io.querylens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The exact SQL each endpoint sends on H2, and how many times, as H2 itself counts it: the behaviour
 * QueryLens's findings are judged against. (H2 counts a JDBC batch once per row.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2StatementsTest {
    private ShopApplication shop;
    private H2Statements h2;

    @BeforeAll
    void start() throws SQLException {
        shop = ShopApplication.start(new ShopOptions().port(0));
        h2 = new H2Statements(shop.database().url());
    }

    @AfterAll
    void stop() throws SQLException {
        h2.close();
        shop.close();
    }

    private Map<String, Integer> statementsOf(String method, String path) throws SQLException {
        h2.reset();
        Http.Response response = Http.send(method, shop.baseUrl() + path);
        assertEquals(200, response.status, response.body);
        return h2.counted();
    }

    private static Map<String, Integer> expect(Object... sqlAndCount) {
        Map<String, Integer> m = new TreeMap<>();
        for (int i = 0; i < sqlAndCount.length; i += 2) {
            m.put((String) sqlAndCount[i], (Integer) sqlAndCount[i + 1]);
        }
        return m;
    }

    @Test
    void anOrderIsOneJoinFetch() throws SQLException {
        assertEquals(expect("select co1_0.id,co1_0.customer_id,c1_0.id,c1_0.city,c1_0.email,c1_0.name,l1_0.order_id,l1_0.id,"
                + "l1_0.product_id,l1_0.quantity,l1_0.unit_price,co1_0.ordered_at,co1_0.status,co1_0.total from demo_order co1_0"
                + " join demo_customer c1_0 on c1_0.id=co1_0.customer_id join demo_order_line l1_0 on co1_0.id=l1_0.order_id"
                + " where co1_0.id=? order by l1_0.id", 1), statementsOf("GET", "/orders/7"));
    }

    @Test
    void theOrderListIsOneLimitedJoinFetch() throws SQLException {
        assertEquals(expect("select co1_0.id,co1_0.customer_id,c1_0.id,c1_0.city,c1_0.email,c1_0.name,co1_0.ordered_at,co1_0.status,"
                + "co1_0.total from demo_order co1_0 join demo_customer c1_0 on c1_0.id=co1_0.customer_id order by co1_0.id"
                + " fetch first ? rows only", 1), statementsOf("GET", "/orders"));
    }

    @Test
    void aSearchIsOneLimitedProjection() throws SQLException {
        assertEquals(expect("select p1_0.id,p1_0.name from demo_product p1_0 where lower(p1_0.name) like ? escape ''"
                + " order by p1_0.id fetch first ? rows only", 1), statementsOf("GET", "/products/search?q=blue"));
    }

    @Test
    void anExistenceCheckIsOneQueryLimitedToOneRow() throws SQLException {
        assertEquals(expect("select 1 from demo_customer c1_0 where c1_0.id=? fetch first ? rows only", 1),
                statementsOf("GET", "/customers/3/exists"));
    }

    @Test
    void anImportIsOnePreparedInsertSentAsOneBatchOfFifty() throws SQLException {
        Statistics hibernate = shop.database().sessionFactory().getStatistics();
        hibernate.setStatisticsEnabled(true);
        try {
            hibernate.clear();
            assertEquals(expect("insert into demo_import_line (import_no,quantity,sku,unit_price,id) values (?,?,?,?,?)", 50),
                    statementsOf("POST", "/orders/import"));
            // unbatched, Hibernate would prepare one statement per row
            assertEquals(1, hibernate.getPrepareStatementCount());
            assertEquals(50, hibernate.getEntityInsertCount());
        } finally {
            hibernate.setStatisticsEnabled(false);
        }
    }

    @Test
    void theExportIsOneStreamedQuery() throws SQLException {
        assertEquals(expect("SELECT id, kind, payload, created_at FROM demo_event ORDER BY id", 1), statementsOf("GET", "/events/export"));
    }

    @Test
    void productsAreCountedWithOneCount() throws SQLException {
        assertEquals(expect("select count(*) from demo_product p1_0", 1), statementsOf("GET", "/products/count"));
    }

    @Test
    void theNPlusOneTrapRunsOneQueryForTheOrdersAndOnePerCustomer() throws SQLException {
        assertEquals(expect(
                "select co1_0.id,co1_0.customer_id,co1_0.ordered_at,co1_0.status,co1_0.total from demo_order co1_0 order by co1_0.id"
                        + " fetch first ? rows only", 1,
                "select c1_0.id,c1_0.city,c1_0.email,c1_0.name from demo_customer c1_0 where c1_0.id=?", 20),
                statementsOf("GET", "/traps/n-plus-one"));
    }

    @Test
    void theDuplicateTrapRunsTheSameLookupSixTimes() throws SQLException {
        assertEquals(expect("select s1_0.setting_value from demo_setting s1_0 where s1_0.setting_key=?", 6),
                statementsOf("GET", "/traps/duplicate"));
    }

    @Test
    void theUnbatchedTrapRunsThirtyInserts() throws SQLException {
        assertEquals(expect("INSERT INTO demo_audit (action, detail, created_at) VALUES (?, ?, ?)", 30),
                statementsOf("POST", "/traps/unbatched"));
    }

    @Test
    void theSelectStarTrapRunsOneSelectStar() throws SQLException {
        assertEquals(expect("SELECT * FROM demo_product ORDER BY id LIMIT 50", 1), statementsOf("GET", "/traps/select-star"));
    }

    @Test
    void theOverFetchRowsTrapRunsOneUnlimitedQuery() throws SQLException {
        assertEquals(expect("SELECT id, name FROM demo_product ORDER BY id", 1), statementsOf("GET", "/traps/over-fetch-rows"));
    }

    @Test
    void theCountInAppTrapRunsOneQueryOfAllIds() throws SQLException {
        assertEquals(expect("SELECT id FROM demo_order", 1), statementsOf("GET", "/traps/count-in-app"));
    }

    @Test
    void theLargeResultTrapRunsOneQueryOfAllEvents() throws SQLException {
        assertEquals(expect("SELECT e.id, e.kind, e.payload, e.created_at FROM demo_event e", 1), statementsOf("GET", "/traps/large-result"));
    }

    @Test
    void theSlowTrapRunsOneSleep() throws SQLException {
        assertEquals(expect("SELECT DEMO_SLEEP(1200)", 1), statementsOf("GET", "/traps/slow"));
    }

    @Test
    void theExplosionTrapRunsAHundredAndFiftyLookups() throws SQLException {
        assertEquals(expect("SELECT id, name, price FROM demo_product WHERE id = ?", 150), statementsOf("GET", "/traps/explosion"));
    }

    @Test
    void theNightlyReportRunsTwoAggregates() throws SQLException {
        assertEquals(expect(
                "select p1_0.category,count(p1_0.id),sum(p1_0.price) from demo_product p1_0 group by p1_0.category order by p1_0.category", 1,
                "select count(co1_0.id),sum(co1_0.total) from demo_order co1_0", 1),
                statementsOf("POST", "/jobs/nightly-report"));
    }

    @Test
    void theIndexRunsNoStatement() throws SQLException {
        assertEquals(expect(), statementsOf("GET", "/"));
    }
}
