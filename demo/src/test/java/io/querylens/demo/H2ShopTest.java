package io.querylens.demo;

/** The shop on its default database, embedded H2. */
class H2ShopTest extends ShopContract {
    @Override
    ShopApplication startShop() {
        return ShopApplication.start(new ShopOptions().port(0));
    }
}
