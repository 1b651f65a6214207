package io.querylens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ShopLifecycleTest {
    @Test
    void shutdownAnswersAndThenStopsTheShop() throws InterruptedException {
        ShopApplication shop = ShopApplication.start(new ShopOptions().port(0));
        try {
            Http.Response response = Http.post(shop.baseUrl() + "/shutdown");
            assertEquals(200, response.status);
            assertEquals("{\"shutdown\":true}", response.body);
            assertTrue(shop.awaitClosed(30, TimeUnit.SECONDS), "shop did not stop");
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", shop.port()), 1000);
                }
            });
        } finally {
            shop.close();
        }
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNothingOpen() {
        // Tomcat logs the bind failure with a stack trace at SEVERE; expected here, so keep the build log clean
        Logger tomcat = Logger.getLogger("org.apache.catalina");
        Level level = tomcat.getLevel();
        try (ShopApplication first = ShopApplication.start(new ShopOptions().port(0))) {
            tomcat.setLevel(Level.OFF);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ShopApplication.start(new ShopOptions().port(first.port())));
            assertTrue(e.getMessage().startsWith("cannot start the web server on 127.0.0.1:" + first.port()), e.getMessage());
            assertEquals(200, Http.get(first.baseUrl() + "/products/count").status);
        } finally {
            tomcat.setLevel(level);
        }
    }
}
