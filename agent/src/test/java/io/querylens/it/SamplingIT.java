package io.querylens.it;

import static io.querylens.it.OtlpRuns.exportingTo;
import static io.querylens.it.OtlpRuns.point;
import static io.querylens.it.Report.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.it.apps.ExportWorkload;
import io.querylens.testing.Json;
import io.querylens.testing.OtlpReceiver;
import io.querylens.testing.ReceivedMetric;
import io.querylens.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code querylens.traces.sample.ratio=0}: no trace of a clean unit, but always the trace of a unit with a finding. */
class SamplingIT {
    @TempDir
    Path tmp;

    @Test
    void ratioZeroStillExportsTheUnitWithAFindingAndOnlyIt() throws Exception {
        Path report = tmp.resolve("report.json");
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            exportingTo(ForkedJvm.run(ExportWorkload.class), otlp, "grpc")
                    .prop("querylens.traces.sample.ratio", "0")
                    .prop("querylens.report", report.toString())
                    .exec().ok();

            ReceivedSpan checkout = otlp.awaitSpans(s -> s.name.equals("checkout"), Duration.ofSeconds(20)).get(0);
            assertEquals(true, checkout.attribute("querylens.has_findings"));
            List<ReceivedSpan> all = otlp.spans();
            assertTrue(all.stream().allMatch(s -> s.traceId.equals(checkout.traceId)),
                    "only the checkout trace: " + all.stream().map(s -> s.name).collect(Collectors.toList()));
            assertEquals(1 + 9, all.size(), "the unit and its 9 statement spans: " + all);

            ReceivedMetric perUnit = otlp.lastMetric("querylens.unit_of_work.statements");
            assertEquals(2, point(perUnit, Map.of("querylens.unit_of_work.kind", "explicit")).count,
                    "sampling thins traces, never metrics");
            assertEquals(1, point(perUnit, Map.of("querylens.unit_of_work.kind", "transaction")).count);
        }
        Map<String, Object> agent = Json.object(Report.read(report).root.get("agent"));
        assertEquals(4, number(agent, "unitsOffered"));
        assertEquals(1, number(agent, "unitsTraced"));
        assertEquals(3, number(agent, "unitsSampledOut"), "implicit, transaction and clean");
        assertEquals(10, number(agent, "spansEnded"));
    }
}
