package io.querylens.demo;

import io.querylens.demo.db.DbKind;

/** The shop on the PostgreSQL server at 127.0.0.1:5432 (database test, user postgres). */
class PostgreSqlShopTest extends ShopContract {
    @Override
    ShopApplication startShop() {
        DatabaseServers.assumeReachable("PostgreSQL", 5432);
        return ShopApplication.start(new ShopOptions().port(0).db(DbKind.POSTGRESQL));
    }
}
