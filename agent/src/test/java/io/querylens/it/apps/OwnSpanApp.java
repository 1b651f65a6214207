package io.querylens.it.apps;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.querylens.api.QueryLens;
import io.querylens.api.UnitOfWork;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * An application with its own OpenTelemetry API and SDK (another version than the agent's, on its class path):
 * it starts a span, makes it current, and inside it runs 2 statements in the explicit unit {@code inside-app-span}.
 * Prints {@code app span <trace id> <span id>}.
 */
public final class OwnSpanApp {
    public static void main(String[] args) throws Exception {
        SdkTracerProvider provider = SdkTracerProvider.builder().build();
        Tracer tracer = provider.get("own-span-app");
        Span span = tracer.spanBuilder("app-operation").startSpan();
        try (Scope scope = span.makeCurrent()) {
            System.out.println("app span " + span.getSpanContext().getTraceId() + " " + span.getSpanContext().getSpanId());
            try (UnitOfWork u = QueryLens.unitOfWork("inside-app-span");
                 Connection c = DriverManager.getConnection("jdbc:h2:mem:own", "sa", "")) {
                for (int i = 0; i < 2; i++) {
                    try (PreparedStatement ps = c.prepareStatement("select ?")) {
                        ps.setInt(1, i);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                        }
                    }
                }
            }
        } finally {
            span.end();
            provider.close();
        }
        System.out.println("own span done");
    }
}
