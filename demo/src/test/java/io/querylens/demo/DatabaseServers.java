package io.querylens.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * The database servers of the development and CI machines. A test that needs one is skipped, with a
 * line saying so, when it is not reachable; on CI ({@code CI=true}) it fails instead.
 */
final class DatabaseServers {
    private DatabaseServers() {}

    static void assumeReachable(String name, int port) {
        assumeReachable(name, port, System.getenv("CI"), System.out);
    }

    /** As {@link #assumeReachable(String, int)}, with the value of {@code CI} and the output given. */
    static void assumeReachable(String name, int port, String ci, PrintStream out) {
        if (reachable(port)) {
            return;
        }
        String message = name + " not reachable at 127.0.0.1:" + port;
        if ("true".equalsIgnoreCase(ci)) {
            throw new AssertionError(message + " (CI=true: the server must be there)");
        }
        out.println("SKIPPED: " + message);
        Assumptions.assumeTrue(false, message);
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
