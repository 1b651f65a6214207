package io.querylens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.demo.db.DbKind;
import io.querylens.demo.db.SeedData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every endpoint answers, on any database: the same seed gives the same bytes on H2, PostgreSQL
 * and MariaDB. Subclasses say which database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShopContract {
    private ShopApplication shop;

    /** Starts the shop under test (or skips the class). */
    abstract ShopApplication startShop();

    @BeforeAll
    void start() {
        shop = startShop();
    }

    @AfterAll
    void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    private Http.Response get(String path) {
        return Http.get(shop.baseUrl() + path);
    }

    private Http.Response post(String path) {
        return Http.post(shop.baseUrl() + path);
    }

    private static void assertOk(String expectedBody, Http.Response response) {
        assertEquals(200, response.status, response.body);
        assertEquals(expectedBody, response.body);
    }

    @Test
    void anOrderComesWithItsCustomerAndLines() {
        assertOk("{\"id\":7,\"status\":\"PAID\",\"orderedAt\":\"2025-01-01T07:00\",\"total\":138.75,"
                + "\"customer\":{\"id\":7,\"name\":\"Customer 07\",\"email\":\"customer07@example.com\"},"
                + "\"lines\":[{\"id\":19,\"productId\":50,\"quantity\":4,\"unitPrice\":17.50},"
                + "{\"id\":20,\"productId\":63,\"quantity\":1,\"unitPrice\":20.75},"
                + "{\"id\":21,\"productId\":76,\"quantity\":2,\"unitPrice\":24.00}]}", get("/orders/7"));
    }

    @Test
    void anUnknownOrderIsNotFound() {
        Http.Response response = get("/orders/999");
        assertEquals(404, response.status);
        assertEquals("{\"error\":\"no order 999\"}", response.body);
    }

    @Test
    void theOrderListShowsTheFirstTwentyOrdersWithTheirCustomers() {
        StringBuilder expected = new StringBuilder("{\"orders\":[");
        for (long id = 1; id <= 20; id++) {
            expected.append(id > 1 ? "," : "")
                    .append("{\"id\":").append(id)
                    .append(",\"status\":\"").append(SeedData.orderStatus(id))
                    .append("\",\"total\":").append(SeedData.orderTotal(id).toPlainString())
                    .append(",\"customer\":\"").append(SeedData.customerName(SeedData.customerOfOrder(id))).append("\"}");
        }
        assertOk(expected.append("]}").toString(), get("/orders"));
    }

    @Test
    void aSearchReturnsIdAndNameOfAtMostTenProducts() {
        assertOk("{\"q\":\"widget\",\"products\":[{\"id\":1,\"name\":\"Red Widget 001\"},{\"id\":5,\"name\":\"Green Widget 005\"},"
                + "{\"id\":9,\"name\":\"Blue Widget 009\"},{\"id\":13,\"name\":\"Black Widget 013\"},{\"id\":17,\"name\":\"White Widget 017\"},"
                + "{\"id\":21,\"name\":\"Red Widget 021\"},{\"id\":25,\"name\":\"Green Widget 025\"},{\"id\":29,\"name\":\"Blue Widget 029\"},"
                + "{\"id\":33,\"name\":\"Black Widget 033\"},{\"id\":37,\"name\":\"White Widget 037\"}]}", get("/products/search?q=widget"));
        assertOk("{\"q\":\"nothing like it\",\"products\":[]}", get("/products/search?q=nothing+like+it"));
    }

    @Test
    void customerExistenceIsAYesOrNo() {
        assertOk("{\"customerId\":3,\"exists\":true}", get("/customers/3/exists"));
        assertOk("{\"customerId\":21,\"exists\":false}", get("/customers/21/exists"));
    }

    @Test
    void anImportStagesFiftyLines() throws SQLException {
        Http.Response response = post("/orders/import");
        assertEquals(200, response.status, response.body);
        Matcher m = Pattern.compile("\\{\"importNo\":(\\d+),\"imported\":50,\"firstId\":(\\d+),\"lastId\":(\\d+)}").matcher(response.body);
        assertTrue(m.matches(), response.body);
        assertEquals(Long.parseLong(m.group(2)) + 49, Long.parseLong(m.group(3)));
        assertEquals(50, count("SELECT COUNT(*) FROM demo_import_line WHERE import_no = ?", Long.parseLong(m.group(1))));
    }

    @Test
    void theExportStreamsAllTwentyThousandEvents() {
        assertOk("{\"exported\":20000,\"firstId\":1,\"lastId\":20000,\"latest\":\"2025-01-01T05:33:20\",\"payloadChars\":383521,"
                + "\"perKind\":{\"cart\":5000,\"checkout\":5000,\"search\":5000,\"view\":5000}}", get("/events/export"));
    }

    @Test
    void productsAreCountedByTheDatabase() {
        assertOk("{\"count\":200}", get("/products/count"));
    }

    @Test
    void theNPlusOneTrapShowsTwentyOrdersWithTwentyDifferentCustomers() {
        StringBuilder expected = new StringBuilder("{\"orders\":[");
        for (int id = 1; id <= 20; id++) {
            expected.append(id > 1 ? "," : "").append("{\"id\":").append(id).append(",\"customer\":\"")
                    .append(String.format("Customer %02d", id)).append("\"}");
        }
        assertOk(expected.append("]}").toString(), get("/traps/n-plus-one"));
    }

    @Test
    void theDuplicateTrapLooksTheCurrencyUpForEachOfSixPrices() {
        assertOk("{\"prices\":[\"5.25 EUR\",\"5.50 EUR\",\"5.75 EUR\",\"6.00 EUR\",\"6.25 EUR\",\"6.50 EUR\"]}", get("/traps/duplicate"));
    }

    @Test
    void theUnbatchedTrapInsertsThirtyAuditRows() throws SQLException {
        long before = count("SELECT COUNT(*) FROM demo_audit WHERE action = ?", "price-check");
        assertOk("{\"inserted\":30}", post("/traps/unbatched"));
        assertEquals(before + 30, count("SELECT COUNT(*) FROM demo_audit WHERE action = ?", "price-check"));
    }

    @Test
    void theSelectStarTrapListsFiftyProductNames() {
        StringBuilder expected = new StringBuilder("{\"names\":[");
        for (long id = 1; id <= 50; id++) {
            expected.append(id > 1 ? "," : "").append('"').append(SeedData.productName(id)).append('"');
        }
        assertOk(expected.append("]}").toString(), get("/traps/select-star"));
    }

    @Test
    void theOverFetchRowsTrapShowsTheFirstTenProducts() {
        StringBuilder expected = new StringBuilder("{\"products\":[");
        for (long id = 1; id <= 10; id++) {
            expected.append(id > 1 ? "," : "").append("{\"id\":").append(id).append(",\"name\":\"").append(SeedData.productName(id)).append("\"}");
        }
        assertOk(expected.append("]}").toString(), get("/traps/over-fetch-rows"));
    }

    @Test
    void theCountInAppTrapCountsAHundredOrders() {
        assertOk("{\"orders\":100}", get("/traps/count-in-app"));
    }

    @Test
    void theLargeResultTrapHoldsAllTwentyThousandEvents() {
        assertOk("{\"events\":20000,\"maxId\":20000,\"checkouts\":5000,\"payloadChars\":383521,\"latest\":\"2025-01-01T05:33:20\"}",
                get("/traps/large-result"));
    }

    @Test
    void theSlowTrapSpendsAtLeastOnePointTwoSecondsInOneStatement() {
        Http.Response response = get("/traps/slow");
        assertEquals(200, response.status, response.body);
        Matcher m = Pattern.compile("\\{\"sql\":\"(.*)\",\"elapsedMillis\":(\\d+)}").matcher(response.body);
        assertTrue(m.matches(), response.body);
        assertEquals(kind().sleepSql(1200), m.group(1));
        assertTrue(Long.parseLong(m.group(2)) >= 1200, response.body);
    }

    @Test
    void theExplosionTrapLooksUpAHundredAndFiftyProducts() {
        assertOk("{\"lookups\":150,\"found\":150,\"total\":3581.25}", get("/traps/explosion"));
    }

    @Test
    void aTrapThatWritesTakesOnlyPost() {
        Http.Response response = get("/traps/unbatched");
        assertEquals(405, response.status);
        assertEquals("{\"error\":\"/traps/unbatched takes POST\"}", response.body);
    }

    @Test
    void theNightlyReportRunsOnItsOwnThread() {
        assertOk("{\"job\":\"nightly-report\",\"thread\":\"demo-nightly-report\",\"queryLensActive\":false,\"categories\":["
                + "{\"category\":\"Garden\",\"products\":40,\"listValue\":1195.00},{\"category\":\"Kitchen\",\"products\":40,\"listValue\":1205.00},"
                + "{\"category\":\"Office\",\"products\":40,\"listValue\":1215.00},{\"category\":\"Tools\",\"products\":40,\"listValue\":1185.00},"
                + "{\"category\":\"Toys\",\"products\":40,\"listValue\":1225.00}],\"orders\":100,\"revenue\":21687.50}",
                post("/jobs/nightly-report"));
    }

    @Test
    void theIndexListsEveryEndpoint() {
        Http.Response response = get("/");
        assertEquals(200, response.status, response.body);
        assertTrue(response.body.startsWith("{\"shop\":\"QueryLens demo\",\"database\":\"" + kind().flagName() + "\",\"endpoints\":["),
                response.body);
        for (Endpoint e : Endpoints.ALL) {
            assertTrue(response.body.contains("{\"method\":\"" + e.method() + "\",\"path\":\"" + e.path() + "\""), e.toString());
        }
        assertTrue(response.body.contains("\"path\":\"/traps/n-plus-one\",\"kind\":\"trap\",\"finding\":\"N_PLUS_ONE\""), response.body);
    }

    @Test
    void anUnknownPathIsNotFound() {
        Http.Response response = get("/no/such/page");
        assertEquals(404, response.status);
        assertEquals("{\"error\":\"no such endpoint: GET /no/such/page\"}", response.body);
    }

    private DbKind kind() {
        return shop.database().kind();
    }

    private long count(String sql, Object parameter) throws SQLException {
        try (Connection c = shop.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
