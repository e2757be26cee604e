package dev.dfx.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SignalChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The §5.4 stored record turned into a §5.3 final result for the Retrieve fallback (issue 7, docs/protocol.md §5.5). */
class RetrievedRecordTest {

    @Test
    void notYetFinalStatuses_giveNoResult() {
        for (String status : List.of("CAPTURING", "PROCESSING", "INCOMPLETE")) {
            assertThat(MeasurementSession.fromRetrieved("M", 5, Map.of("StatusID", status))).as(status).isNull();
        }
        assertThat(MeasurementSession.fromRetrieved("M", 5, Map.of())).isNull();
    }

    @Test
    void errorStatus_withoutResults_isAFinalResultWithNoChannels() {
        MeasurementResult r = MeasurementSession.fromRetrieved("M", 5, Map.of("StatusID", "ERROR"));

        assertThat(r.statusId()).isEqualTo("ERROR");
        assertThat(r.isFinal()).isTrue();
        assertThat(r.chunkOrder()).hasValue(5);
        assertThat(r.channels()).isEmpty();
        assertThat(r.multiplier()).isZero();
    }

    @Test
    void pointWithSeveralEntries_takesTheLast_andSkipsMalformedPoints() {
        Map<String, Object> body = Map.of("StatusID", "COMPLETE", "Results", Map.of(
                "HR_BPM", List.of(Map.of("Data", List.of(1L), "Multiplier", 100),
                        Map.of("Data", List.of(2L, 3L), "Multiplier", 100, "Notes", List.of("N"))),
                "EMPTY", List.of(),
                "ODD", "not a list"));

        MeasurementResult r = MeasurementSession.fromRetrieved("M", 0, body);

        assertThat(r.channels()).containsOnlyKeys("HR_BPM");
        assertThat(r.channels().get("HR_BPM")).isEqualTo(new SignalChannel("", List.of(2L, 3L), List.of("N")));
        assertThat(r.multiplier()).isEqualTo(100);
        assertThat(r.value("HR_BPM")).isEqualTo(0.02);
    }
}
