package io.querylens.demo;

import io.querylens.demo.db.DbKind;

/** The shop on the MariaDB server at 127.0.0.1:3306 (database test, user root). */
class MariaDbShopTest extends ShopContract {
    @Override
    ShopApplication startShop() {
        DatabaseServers.assumeReachable("MariaDB", 3306);
        return ShopApplication.start(new ShopOptions().port(0).db(DbKind.MARIADB));
    }
}
