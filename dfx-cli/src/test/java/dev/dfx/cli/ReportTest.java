package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.ResultError;
import dev.dfx.core.body.SignalChannel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13: the JSON line and the table read values as docs/protocol.md §5.3 says. */
class ReportTest {
    private static MeasurementResult result(long multiplier, Map<String, SignalChannel> channels) {
        return new MeasurementResult("M", "M:5", "R", multiplier, channels, new ResultError("OK", Map.of()),
                "COMPLETE");
    }

    private static Map<?, ?> point(Map<String, Object> m, String id) {
        return (Map<?, ?>) ((Map<?, ?>) m.get("points")).get(id);
    }

    @Test
    void withoutMultiplier_valuesAreTheDataItself_notNaN() {
        Map<String, Object> m = new LinkedHashMap<>();
        Report.putResults(m, result(0, Map.of("HR_BPM", new SignalChannel("slow/toi4", List.of(72L), List.of()))),
                false);
        assertThat(point(m, "HR_BPM").get("value")).isEqualTo(72.0);
        assertThat(point(m, "HR_BPM").get("unit")).isEqualTo("bpm");
    }

    @Test
    void series_givesEveryValueWithMeanAndMedian_andTheMedianAsTheValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        Report.putResults(m, result(10, Map.of("CVD_MULTI_YEAR_RISK_PROBS",
                new SignalChannel("cvd-risk", List.of(10L, 40L, 20L, 90L), List.of()))), false);
        Map<?, ?> p = point(m, "CVD_MULTI_YEAR_RISK_PROBS");
        assertThat(p.get("values")).isEqualTo(List.of(1.0, 4.0, 2.0, 9.0));
        assertThat(p.get("mean")).isEqualTo(4.0);
        assertThat(p.get("median")).isEqualTo(3.0);
        assertThat(p.get("value")).isEqualTo(3.0);
        assertThat(p.get("unit")).isEqualTo("%");
    }

    @Test
    void unknownPoint_passesThroughWithoutUnit_emptyDataIsNull_andTheLineIsValidJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        Report.putResults(m, result(100, Map.of("NEW_POINT", new SignalChannel("x", List.of(250L), List.of("N")),
                "HR_BPM", new SignalChannel("slow/toi4", List.of(), List.of()))), false);
        assertThat(point(m, "NEW_POINT").get("value")).isEqualTo(2.5);
        assertThat(point(m, "NEW_POINT").get("unit")).isEqualTo("");
        assertThat(point(m, "NEW_POINT").containsKey("name")).isFalse();
        assertThat(point(m, "NEW_POINT").get("notes")).isEqualTo(List.of("N"));
        assertThat(point(m, "HR_BPM").get("value")).isNull();
        assertThat(Report.json(m)).contains("\"HR_BPM\":{\"value\":null,\"unit\":\"bpm\"").doesNotContain("NaN");
    }

    @Test
    void resultError_isReported_andWithheldResultsLeaveNoValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        MeasurementResult r = new MeasurementResult("M", "M:5", "R", 1, Map.of("SNR",
                new SignalChannel("", List.of(-100L), List.of())), new ResultError("LIVENESS_ERROR", Map.of()),
                "ERROR");
        Report.putResults(m, r, true);
        assertThat((Map<?, ?>) m.get("points")).isEmpty();
        assertThat(m.get("resultsWithheld")).isEqualTo(true);
        assertThat(((Map<?, ?>) m.get("resultError")).get("code")).isEqualTo("LIVENESS_ERROR");
    }

    @Test
    void table_listsNameValueAndUnit() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MeasurementRun.Outcome o = new MeasurementRun.Outcome(true, false, "M", 1, 1, 1, 1, 0, 0, "jetty",
                List.of(), result(10000, Map.of("HR_BPM", new SignalChannel("slow/toi4", List.of(723000L),
                        List.of()))), new MeasurementRun.ServerInfo("2.1.0", "na-east"), null);
        Report.table(o, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("FAKE").contains("Results for measurement M (COMPLETE)");
        assertThat(out.lines().filter(l -> l.startsWith("HR_BPM"))).singleElement().asString()
                .contains("Pulse Rate").contains("72.30  bpm");
    }
}
