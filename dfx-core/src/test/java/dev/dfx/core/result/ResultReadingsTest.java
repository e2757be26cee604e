package dev.dfx.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SignalChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real values of a result's points (docs/protocol.md §5.3); issue 13. */
class ResultReadingsTest {

    private static MeasurementResult result(long multiplier, Map<String, SignalChannel> channels) {
        return new MeasurementResult("M", "M:5", "R", multiplier, channels, null, "COMPLETE");
    }

    @Test
    void value_isDataOverMultiplier() {
        ResultReadings r = ResultReadings.of(result(10000, Map.of("HR_BPM",
                new SignalChannel("slow/toi4", List.of(721500L), List.of("NOTE_USED_PRED_DEMOG")))));

        PointReading hr = r.point("HR_BPM").orElseThrow();
        assertThat(r.multiplier()).isEqualTo(10000);
        assertThat(hr.value()).isEqualTo(72.15);
        assertThat(hr.values()).containsExactly(72.15);
        assertThat(hr.rawData()).containsExactly(721500L);
        assertThat(hr.channel()).isEqualTo("slow/toi4");
        assertThat(hr.notes()).containsExactly("NOTE_USED_PRED_DEMOG");
        assertThat(hr.unit()).isEqualTo("bpm");
        assertThat(hr.info().name()).isEqualTo("Pulse Rate");
        assertThat(hr.isSeries()).isFalse();
    }

    /** Issue 13: an absent Multiplier is 1 ([CPP], §5.3); before, the value was NaN. */
    @Test
    void absentMultiplier_isOne() {
        ResultReadings r = ResultReadings.of(result(0, Map.of("BR_BPM",
                new SignalChannel(null, List.of(15L), null))));

        assertThat(r.multiplier()).isEqualTo(1);
        assertThat(r.point("BR_BPM").orElseThrow().value()).isEqualTo(15.0);
    }

    @Test
    void series_givesEveryValueAndItsMeanAndMedian() {
        // A Resolution-100 series: the values, in order, with an outlier so that mean and median differ.
        ResultReadings r = ResultReadings.of(result(100, Map.of("HR_BPM",
                new SignalChannel("slow/toi4", List.of(7000L, 7200L, 7100L, 9900L), null))));

        PointReading hr = r.point("HR_BPM").orElseThrow();
        assertThat(hr.isSeries()).isTrue();
        assertThat(hr.values()).containsExactly(70.0, 72.0, 71.0, 99.0);
        assertThat(hr.mean()).isEqualTo(78.0);
        assertThat(hr.median()).isEqualTo(71.5);
        assertThat(hr.value()).isEqualTo(71.5);
    }

    @Test
    void oddSeries_medianIsTheMiddleValue() {
        PointReading p = ResultReadings.of(result(1, Map.of("X", new SignalChannel("", List.of(5L, 1L, 3L), null))))
                .point("X").orElseThrow();

        assertThat(p.median()).isEqualTo(3.0);
        assertThat(p.mean()).isEqualTo(3.0);
    }

    @Test
    void unknownPoint_passesThroughUntouched() {
        ResultReadings r = ResultReadings.of(result(10, Map.of("NEW_POINT_2027",
                new SignalChannel("future/channel", List.of(-3L, 25L), List.of("NOTE_X")),
                "SNR", new SignalChannel("slow/toi4", List.of(41L), null))));

        PointReading p = r.point("NEW_POINT_2027").orElseThrow();
        assertThat(p.info()).isNull();
        assertThat(p.catalogueEntry()).isEmpty();
        assertThat(p.unit()).isEmpty();
        assertThat(p.channel()).isEqualTo("future/channel");
        assertThat(p.rawData()).containsExactly(-3L, 25L);
        assertThat(p.values()).containsExactly(-0.3, 2.5);
        assertThat(p.notes()).containsExactly("NOTE_X");
        assertThat(r.unknownPoints()).containsExactly(p);
        assertThat(r.points().keySet()).containsExactly("NEW_POINT_2027", "SNR");
    }

    @Test
    void emptyDataAndNoChannels_areTolerated() {
        ResultReadings none = ResultReadings.of(new MeasurementResult(null, null, null, 0, null, null, null));
        PointReading empty = ResultReadings.of(result(10, Map.of("HR_BPM", new SignalChannel(null, null, null))))
                .point("HR_BPM").orElseThrow();

        assertThat(none.points()).isEmpty();
        assertThat(none.point("HR_BPM")).isEmpty();
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.value()).isNaN();
        assertThat(empty.mean()).isNaN();
        assertThat(empty.median()).isNaN();
    }

    @Test
    void badInput_failsFast() {
        assertThatThrownBy(() -> ResultReadings.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("result");
        assertThatThrownBy(() -> new ResultReadings(result(1, Map.of()), 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new PointReading("X", "", List.of(1L), List.of(), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same size");
    }
}
