package io.querylens.export;

import static io.querylens.export.TestData.MS;
import static io.querylens.export.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.querylens.detect.Finding;
import io.querylens.sql.Fingerprint;
import io.querylens.work.Execution;
import io.querylens.work.FinishedUnit;
import io.querylens.work.StatementGroup;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnitSpansTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final UnitSpans spans = new UnitSpans(provider.get("test"));

    @AfterEach
    void close() {
        provider.close();
    }

    private List<SpanData> client() {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .collect(Collectors.toList());
    }

    private SpanData unitSpan() {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() != SpanKind.CLIENT)
                .findFirst().orElseThrow(AssertionError::new);
    }

    @Test
    void a_loop_of_ten_statements_with_three_kept_is_three_spans_and_one_compressed_span() {
        Fingerprint fp = TestData.selectCustomer();
        StatementGroup g = TestData.group(fp, TestData.POSTGRES, 10, 3, T0 + 10 * MS);

        int ended = spans.export(TestData.request("GET /orders", g), null);

        assertEquals(5, ended);
        List<SpanData> client = client();
        assertEquals(4, client.size());
        for (int i = 0; i < 3; i++) {
            SpanData s = client.get(i);
            assertEquals("SELECT customer", s.getName());
            assertEquals(T0 + 10 * MS + i * 3 * MS, s.getStartEpochNanos());
            assertEquals(T0 + 12 * MS + i * 3 * MS, s.getEndEpochNanos());
            assertNull(s.getAttributes().get(UnitSpans.COMPRESSED_COUNT));
        }
        SpanData compressed = client.get(3);
        assertEquals("SELECT customer", compressed.getName());
        assertEquals(7L, compressed.getAttributes().get(UnitSpans.COMPRESSED_COUNT));
        assertEquals(14 * MS, compressed.getAttributes().get(UnitSpans.COMPRESSED_DURATION));
        assertEquals(7L, compressed.getAttributes().get(UnitSpans.COMPRESSED_ROWS));
        // from the end of the last kept execution to the end of the last execution
        assertEquals(T0 + 18 * MS, compressed.getStartEpochNanos());
        assertEquals(T0 + 39 * MS, compressed.getEndEpochNanos());
        assertEquals("postgresql", compressed.getAttributes().get(StatsMetricProducer.DB_SYSTEM));
        assertEquals(fp.hex, compressed.getAttributes().get(StatsMetricProducer.FINGERPRINT));
    }

    @Test
    void a_group_with_nothing_folded_has_no_compressed_span() {
        StatementGroup g = TestData.group(TestData.selectCustomer(), TestData.POSTGRES, 2, 2, T0);

        assertEquals(3, spans.export(TestData.request("GET /orders", g), null));
        assertEquals(2, client().size());
    }

    @Test
    void statement_spans_carry_the_database_conventions_and_are_children_of_the_unit_span() {
        Fingerprint fp = TestData.selectCustomer();
        StatementGroup g = TestData.group(fp, TestData.POSTGRES, 1, 1, T0 + MS);

        spans.export(TestData.request("GET /orders/{id}", g), null);

        SpanData unit = unitSpan();
        SpanData s = client().get(0);
        assertEquals(unit.getSpanContext().getTraceId(), s.getTraceId());
        assertEquals(unit.getSpanId(), s.getParentSpanId());
        assertEquals("postgresql", s.getAttributes().get(StatsMetricProducer.DB_SYSTEM));
        assertEquals("shop", s.getAttributes().get(StatsMetricProducer.DB_NAMESPACE));
        assertEquals("db.example", s.getAttributes().get(StatsMetricProducer.SERVER_ADDRESS));
        assertEquals(5432L, s.getAttributes().get(StatsMetricProducer.SERVER_PORT));
        assertEquals("SELECT id, name FROM customer WHERE id = ?", s.getAttributes().get(UnitSpans.QUERY_TEXT));
        assertEquals("SELECT customer", s.getAttributes().get(UnitSpans.QUERY_SUMMARY));
        assertEquals("SELECT", s.getAttributes().get(StatsMetricProducer.DB_OPERATION));
        assertEquals("customer", s.getAttributes().get(StatsMetricProducer.DB_COLLECTION));
        assertEquals(1L, s.getAttributes().get(UnitSpans.RETURNED_ROWS));
        assertEquals(fp.hex, s.getAttributes().get(StatsMetricProducer.FINGERPRINT));
        assertNull(s.getAttributes().get(UnitSpans.BATCH_SIZE));
        assertEquals(StatusCode.UNSET, s.getStatus().getStatusCode());
    }

    @Test
    void an_embedded_database_has_no_server_attributes() {
        spans.export(TestData.request("GET /", TestData.group(TestData.selectCustomer(), TestData.H2, 1, 1, T0)), null);

        SpanData s = client().get(0);
        assertEquals("h2database", s.getAttributes().get(StatsMetricProducer.DB_SYSTEM));
        assertNull(s.getAttributes().get(StatsMetricProducer.SERVER_ADDRESS));
        assertNull(s.getAttributes().get(StatsMetricProducer.SERVER_PORT));
    }

    @Test
    void a_batch_is_named_batch_and_carries_its_size_and_a_failed_statement_its_error() {
        Fingerprint fp = TestData.insertOrderLine();
        List<Execution> executions = Arrays.asList(
                new Execution(T0, 5 * MS, -1, 50, null),
                new Execution(T0 + 10 * MS, 1 * MS, -1, 1, "org.postgresql.util.PSQLException"));
        StatementGroup g = new StatementGroup(fp, TestData.POSTGRES, 2, 1, 6 * MS, 0, T0, T0 + 11 * MS, executions);

        spans.export(TestData.request("POST /orders", g), null);

        List<SpanData> client = client();
        assertEquals("BATCH INSERT order_line", client.get(0).getName());
        assertEquals(50L, client.get(0).getAttributes().get(UnitSpans.BATCH_SIZE));
        assertEquals("BATCH INSERT order_line", client.get(0).getAttributes().get(UnitSpans.QUERY_SUMMARY),
                "the span name is the summary");
        assertEquals("BATCH INSERT", client.get(0).getAttributes().get(StatsMetricProducer.DB_OPERATION));
        assertNull(client.get(0).getAttributes().get(UnitSpans.RETURNED_ROWS));
        assertEquals("INSERT order_line", client.get(1).getName());
        assertNull(client.get(1).getAttributes().get(UnitSpans.BATCH_SIZE));
        assertEquals("INSERT order_line", client.get(1).getAttributes().get(UnitSpans.QUERY_SUMMARY));
        assertEquals("INSERT", client.get(1).getAttributes().get(StatsMetricProducer.DB_OPERATION));
        assertEquals("org.postgresql.util.PSQLException", client.get(1).getAttributes().get(UnitSpans.ERROR_TYPE));
        assertEquals(StatusCode.ERROR, client.get(1).getStatus().getStatusCode());
    }

    @Test
    void a_request_is_a_server_span_named_after_the_unit_with_its_kind_statements_and_status() {
        FinishedUnit u = new FinishedUnit(FinishedUnit.Kind.REQUEST, "GET /orders/{id}", T0, T0 + 80 * MS, null,
                12, Collections.emptyList(), Collections.emptyList(), 503, "java.lang.IllegalStateException");

        spans.export(u, null);

        SpanData s = unitSpan();
        assertEquals("GET /orders/{id}", s.getName());
        assertEquals(SpanKind.SERVER, s.getKind());
        assertEquals(T0, s.getStartEpochNanos());
        assertEquals(T0 + 80 * MS, s.getEndEpochNanos());
        assertEquals("request", s.getAttributes().get(UnitSpans.UNIT_KIND));
        assertEquals(12L, s.getAttributes().get(UnitSpans.UNIT_STATEMENTS));
        assertEquals(503L, s.getAttributes().get(UnitSpans.HTTP_STATUS));
        assertEquals("java.lang.IllegalStateException", s.getAttributes().get(UnitSpans.ERROR_TYPE));
        assertEquals(StatusCode.ERROR, s.getStatus().getStatusCode());
        assertNull(s.getAttributes().get(UnitSpans.HAS_FINDINGS));
        assertFalse(s.getParentSpanContext().isValid());
    }

    @Test
    void other_units_are_internal_spans() {
        FinishedUnit u = TestData.unit(FinishedUnit.Kind.TRANSACTION, "transaction", null, Collections.emptyList(),
                Collections.emptyList());

        spans.export(u, null);

        SpanData s = unitSpan();
        assertEquals(SpanKind.INTERNAL, s.getKind());
        assertEquals("transaction", s.getAttributes().get(UnitSpans.UNIT_KIND));
        assertNull(s.getAttributes().get(UnitSpans.HTTP_STATUS));
        assertEquals(StatusCode.UNSET, s.getStatus().getStatusCode());
    }

    @Test
    void each_finding_is_an_event_on_the_unit_span_which_is_flagged_for_tail_sampling() {
        Fingerprint fp = TestData.selectCustomer();
        Finding n1 = TestData.nPlusOne(fp, 25);
        Finding explosion = new Finding("QUERY_EXPLOSION", null, null, 260, "GET /orders", null, null,
                "load the page's data in a few queries");
        FinishedUnit u = TestData.unit(FinishedUnit.Kind.REQUEST, "GET /orders", null,
                Collections.singletonList(TestData.group(fp, TestData.POSTGRES, 25, 3, T0)), Arrays.asList(n1, explosion));

        spans.export(u, null);

        SpanData s = unitSpan();
        assertEquals(Boolean.TRUE, s.getAttributes().get(UnitSpans.HAS_FINDINGS));
        List<EventData> events = s.getEvents();
        assertEquals(2, events.size());
        EventData e = events.get(0);
        assertEquals("querylens.finding", e.getName());
        assertEquals(T0 + 500 * MS, e.getEpochNanos());
        assertEquals("N_PLUS_ONE", e.getAttributes().get(UnitSpans.FINDING_TYPE));
        assertEquals(fp.hex, e.getAttributes().get(StatsMetricProducer.FINGERPRINT));
        assertEquals(25L, e.getAttributes().get(UnitSpans.FINDING_REPETITIONS));
        assertEquals("fetch Order.customer with a join fetch or an entity graph",
                e.getAttributes().get(UnitSpans.FINDING_SUGGESTION));
        assertEquals(fp.normalized, e.getAttributes().get(UnitSpans.QUERY_TEXT));
        assertEquals("com.shop.OrderService.listOrders", e.getAttributes().get(UnitSpans.CODE_FUNCTION));
        assertEquals("OrderService.java", e.getAttributes().get(UnitSpans.CODE_FILE));
        assertEquals(42L, e.getAttributes().get(UnitSpans.CODE_LINE));
        assertEquals("Order.customer", e.getAttributes().get(UnitSpans.ASSOCIATION));
        EventData unitWide = events.get(1);
        assertEquals("QUERY_EXPLOSION", unitWide.getAttributes().get(UnitSpans.FINDING_TYPE));
        assertEquals(260L, unitWide.getAttributes().get(UnitSpans.FINDING_REPETITIONS));
        assertNull(unitWide.getAttributes().get(StatsMetricProducer.FINGERPRINT));
        assertNull(unitWide.getAttributes().get(UnitSpans.CODE_FUNCTION));
        assertNull(unitWide.getAttributes().get(UnitSpans.ASSOCIATION));
    }

    @Test
    void a_traceparent_continues_the_callers_trace() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        FinishedUnit u = TestData.unit(FinishedUnit.Kind.REQUEST, "GET /orders", traceparent,
                Collections.singletonList(TestData.group(TestData.selectCustomer(), TestData.POSTGRES, 1, 1, T0)),
                Collections.emptyList());

        spans.export(u, Traceparent.parse(traceparent));

        SpanData s = unitSpan();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", s.getTraceId());
        assertEquals("00f067aa0ba902b7", s.getParentSpanId());
        assertTrue(s.getParentSpanContext().isRemote());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", client().get(0).getTraceId());
    }

    @Test
    void malformed_traceparents_are_ignored() {
        assertNull(Traceparent.parse(null));
        assertNull(Traceparent.parse("garbage"));
        assertNull(Traceparent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
        assertNull(Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
        assertNull(Traceparent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
        assertNull(Traceparent.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertNull(Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"));
        assertTrue(Traceparent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-extra").isValid());
        assertFalse(Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").isSampled());
    }

    @Test
    void a_unit_without_groups_or_name_still_makes_one_span() {
        FinishedUnit u = new FinishedUnit(FinishedUnit.Kind.IMPLICIT, null, T0, T0 + MS, null, 0, null, null, 0, null);

        assertEquals(1, spans.export(u, null));
        assertEquals("implicit", unitSpan().getName());
        assertEquals("implicit", unitSpan().getAttributes().get(AttributeKey.stringKey("querylens.unit_of_work.kind")));
    }
}
