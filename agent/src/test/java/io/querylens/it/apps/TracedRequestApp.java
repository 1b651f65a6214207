package io.querylens.it.apps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat with one servlet, {@code GET /orders/<id>}, that runs 2 statements; the program sends
 * itself one request carrying the W3C {@code traceparent} given as its argument, prints {@code status <code>},
 * and stops. {@code TracedRequestApp <traceparent>}.
 */
public final class TracedRequestApp {
    static final String URL = "jdbc:h2:mem:traced;DB_CLOSE_DELAY=-1";

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement()) {
            s.execute("create table ql_tr_order (id int primary key, total int)");
            s.execute("insert into ql_tr_order values (42, 100)");
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("querylens-tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "orders", new OrdersServlet());
        context.addServletMappingDecoded("/orders/*", "orders");
        tomcat.start();
        try {
            int port = tomcat.getConnector().getLocalPort();
            HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/orders/42").openConnection();
            http.setRequestProperty("traceparent", args[0]);
            System.out.println("status " + http.getResponseCode());
            http.getInputStream().readAllBytes();
            http.disconnect();
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
        System.out.println("request done");
    }

    static final class OrdersServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            int id = Integer.parseInt(req.getPathInfo().substring(1));
            try (Connection c = DriverManager.getConnection(URL, "sa", "")) {
                int total = 0;
                for (int i = 0; i < 2; i++) {
                    try (PreparedStatement ps = c.prepareStatement("select total from ql_tr_order where id = ?")) {
                        ps.setInt(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            total = rs.next() ? rs.getInt(1) : 0;
                        }
                    }
                }
                resp.setContentType("text/plain");
                resp.getWriter().print(total);
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }
}
