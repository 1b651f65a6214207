package io.querylens.it;

import static io.querylens.it.OtlpRuns.exportingTo;
import static io.querylens.it.OtlpRuns.one;
import static io.querylens.it.OtlpRuns.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.OwnSpanApp;
import io.querylens.it.apps.TracedRequestApp;
import io.querylens.testing.OtlpReceiver;
import io.querylens.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** QueryLens's unit spans join the trace the application is already in, instead of starting their own. */
class TraceContextIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aServletRequestWithATraceparentContinuesTheCallersTrace() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentId = "00f067aa0ba902b7";
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            ForkedJvm.Result r = exportingTo(ForkedJvm.run(TracedRequestApp.class, "00-" + traceId + "-" + parentId + "-01"),
                    otlp, "http/protobuf").exec().ok();
            assertTrue(r.output.contains("status 200"), r.output);

            ReceivedSpan request = otlp.awaitSpans(s -> s.kind.equals("SERVER"), WAIT).get(0);
            assertEquals(traceId, request.traceId);
            assertEquals(parentId, request.parentSpanId);
            assertEquals("GET /orders/{id}", request.name);
            assertEquals("request", request.attribute("querylens.unit_of_work.kind"));
            assertEquals(200L, request.attribute("http.response.status_code"));
            assertEquals(2L, request.attribute("querylens.unit_of_work.statements"));
            List<ReceivedSpan> statements = otlp.awaitSpans(s -> s.parentSpanId.equals(request.spanId), 2, WAIT);
            assertEquals(2, statements.size(), statements.toString());
            assertTrue(statements.stream().allMatch(s -> s.kind.equals("CLIENT") && s.traceId.equals(traceId)
                    && s.name.equals("SELECT ql_tr_order")), statements.toString());
            assertEquals(1, select(otlp.spans(), s -> s.kind.equals("SERVER")).size(), "one request, one span");
        }
    }

    @Test
    void anExplicitUnitInsideTheApplicationsOwnSpanJoinsItsTrace() throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            ForkedJvm.Result r = IsolationIT.withLibraries(exportingTo(ForkedJvm.run(OwnSpanApp.class), otlp, "grpc"))
                    .exec().ok();
            Matcher m = Pattern.compile("app span ([0-9a-f]{32}) ([0-9a-f]{16})").matcher(r.output);
            assertTrue(m.find(), r.output);

            otlp.awaitSpans(s -> s.name.equals("inside-app-span"), WAIT);
            ReceivedSpan unit = one(otlp.spans(), s -> s.name.equals("inside-app-span"), "unit span");
            assertEquals(m.group(1), unit.traceId, "the application's trace");
            assertEquals(m.group(2), unit.parentSpanId, "the application's span is the parent");
            assertEquals("INTERNAL", unit.kind);
            List<ReceivedSpan> statements = otlp.awaitSpans(s -> s.parentSpanId.equals(unit.spanId), 2, WAIT);
            assertEquals(2, statements.size(), statements.toString());
            assertTrue(statements.stream().allMatch(s -> s.traceId.equals(m.group(1))), statements.toString());
        }
    }
}
