package dev.dfx.core.body;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.MeasurementAction;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The body records of docs/protocol.md §1.3, §4, §5 and §6: validation, normalisation, copies. */
class BodiesTest {
    private static final ByteBuffer PAYLOAD = ByteBuffer.wrap("chunk".getBytes(US_ASCII));

    // ---- AddDataRequest (§4.1) ----

    @Test
    void addData_minimalForm_keepsFieldsAndGivesReadOnlyViews() {
        AddDataRequest r = new AddDataRequest("M", MeasurementAction.LAST_PROCESS, PAYLOAD, null, null, null, null,
                null);

        assertThat(r.measurementId()).isEqualTo("M");
        assertThat(r.action()).isSameAs(MeasurementAction.LAST_PROCESS);
        assertThat(r.chunkOrder()).isNull();
        assertThat(r.meta()).isNull();
        assertThat(r.payload().isReadOnly()).isTrue();
        assertThat(r.payload().remaining()).isEqualTo(5);
        assertThatThrownBy(() -> r.payload().put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
        r.payload().get();
        assertThat(r.payload().position()).as("each call gives a fresh view").isZero();
        assertThat(r.toString()).contains("metaBytes=none");
    }

    @Test
    void addData_badArguments_areRejectedNamingThem() {
        MeasurementAction a = MeasurementAction.CHUNK_PROCESS;
        assertThatThrownBy(() -> new AddDataRequest(null, a, PAYLOAD, 0, null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("measurementId");
        assertThatThrownBy(() -> new AddDataRequest("M", null, PAYLOAD, 0, null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("action");
        assertThatThrownBy(() -> new AddDataRequest("M", a, null, 0, null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("payload");
        assertThatThrownBy(() -> new AddDataRequest(" ", a, PAYLOAD, 0, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("measurementId");
        assertThatThrownBy(() -> new AddDataRequest("M", a, PAYLOAD, -1, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("chunkOrder");
        assertThatThrownBy(() -> new AddDataRequest("M", a, PAYLOAD, 0, null, null, -0.5, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("duration");
        assertThatThrownBy(() -> new AddDataRequest("M", a, PAYLOAD, 0, null, null, Double.NaN, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("duration");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void addData_nonFiniteTimes_areRejectedNamingTheField(double bad) {
        MeasurementAction a = MeasurementAction.CHUNK_PROCESS;
        assertThatThrownBy(() -> new AddDataRequest("M", a, PAYLOAD, 0, bad, 5.0, 5.0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("startTime");
        assertThatThrownBy(() -> new AddDataRequest("M", a, PAYLOAD, 0, 0.0, bad, 5.0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("endTime");
        assertThatThrownBy(() -> new AddDataRequest("M", a, PAYLOAD, 0, 0.0, 5.0, bad, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("duration");
    }

    @Test
    void addData_equalContent_isEqual() {
        AddDataRequest a = new AddDataRequest("M", MeasurementAction.FIRST_PROCESS,
                ByteBuffer.wrap("xy".getBytes(US_ASCII)), 0, 0.0, 5.0, 5.0, null);
        AddDataRequest b = new AddDataRequest("M", MeasurementAction.FIRST_PROCESS,
                ByteBuffer.wrap("xy".getBytes(US_ASCII)), 0, 0.0, 5.0, 5.0, null);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    // ---- ChunkAck (§4.4), SubscribeRequest (§5.1) ----

    @Test
    void chunkAck_rejectsNullIdAndNegativeOrder() {
        assertThat(new ChunkAck("M:5", 5).chunkOrder()).isEqualTo(5);
        assertThatThrownBy(() -> new ChunkAck(null, 0)).isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> new ChunkAck("M:0", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("chunkOrder");
    }

    @Test
    void subscribe_validatesMeasurementIdAndRequestId() {
        assertThat(new SubscribeRequest("M", "").requestId()).isEmpty();
        assertThat(new SubscribeRequest("M", "0510RfGhJk").requestId()).isEqualTo("0510RfGhJk");
        assertThatThrownBy(() -> new SubscribeRequest("", "0510RfGhJk")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("measurementId");
        assertThatThrownBy(() -> new SubscribeRequest(null, "")).isInstanceOf(NullPointerException.class)
                .hasMessage("measurementId");
        assertThatThrownBy(() -> new SubscribeRequest("M", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("requestId");
    }

    // ---- ErrorBody (§6.1), ResultError (§5.3) ----

    @Test
    void errorBody_missingFields_becomeEmpty() {
        ErrorBody e = new ErrorBody(null, null, null);

        assertThat(e.code()).isEmpty();
        assertThat(e.message()).isEmpty();
        assertThat(e.errors()).isEmpty();
        assertThat(ErrorBody.of("RATE_LIMIT", null)).isEqualTo(new ErrorBody("RATE_LIMIT", "", Map.of()));
        assertThatThrownBy(() -> ErrorBody.of(null, "m")).isInstanceOf(NullPointerException.class).hasMessage("code");
    }

    @Test
    void errorBody_errors_areDeeplyCopied() {
        List<String> msgs = new ArrayList<>(List.of("bad frame rate"));
        Map<String, List<String>> errors = new HashMap<>(Map.of("Payload", msgs));
        ErrorBody e = new ErrorBody("UNPACKER_RPC_ERROR", "m", errors);

        msgs.add("later");
        errors.put("Other", List.of());

        assertThat(e.errors()).containsOnlyKeys("Payload");
        assertThat(e.errors().get("Payload")).containsExactly("bad frame rate");
        assertThatThrownBy(() -> e.errors().get("Payload").add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void resultError_missingCode_isOk() {
        assertThat(new ResultError(null, null).code()).isEqualTo(ResultError.OK);
        assertThat(new ResultError("", null).isError()).isFalse();
        assertThat(new ResultError("LIVENESS_ERROR", null).isError()).isTrue();
    }

    @Test
    void resultError_errors_areDeeplyCopied() {
        List<String> msgs = new ArrayList<>(List.of("low snr"));
        ResultError e = new ResultError("ANALYSIS_ERROR", Map.of("HR_BPM", msgs));

        msgs.clear();

        assertThat(e.errors().get("HR_BPM")).containsExactly("low snr");
    }

    // ---- MeasurementResult (§5.3), SignalChannel ----

    @Test
    void result_ofSection7_givesChunkOrderAndScaledValues() {
        MeasurementResult r = new MeasurementResult("M", "M:0", "R0", 10000,
                Map.of("SNR", new SignalChannel("slow/toi4", List.of(41200L), null),
                        "HR_BPM", new SignalChannel("slow/toi4", List.of(721500L), null)),
                new ResultError("OK", Map.of()), null);

        assertThat(r.chunkOrder()).hasValue(0);
        assertThat(r.value("HR_BPM")).isEqualTo(72.15);
        assertThat(r.value("SNR")).isEqualTo(4.12);
        assertThat(r.value("BR_BPM")).isNaN();
        assertThat(r.isFinal()).isFalse();
        assertThat(r.error().isError()).isFalse();
    }

    @Test
    void result_withEveryFieldMissing_isNormalised() {
        MeasurementResult r = new MeasurementResult(null, null, null, 0, null, null, null);

        assertThat(r.measurementId()).isEmpty();
        assertThat(r.measurementDataId()).isEmpty();
        assertThat(r.measurementResultId()).isEmpty();
        assertThat(r.channels()).isEmpty();
        assertThat(r.error().code()).isEqualTo("OK");
        assertThat(r.chunkOrder()).isEmpty();
        assertThat(r.isFinal()).isFalse();
    }

    @Test
    void result_withStatusId_isFinal() {
        assertThat(new MeasurementResult("M", "M:5", "R5", 1, null, null, "COMPLETE").isFinal()).isTrue();
    }

    /** Issue 13: a missing Multiplier (0 on the record) means 1 (docs/protocol.md §5.3), not NaN. */
    @Test
    void result_absentMultiplier_dividesByOne() {
        MeasurementResult r = new MeasurementResult("M", "M:1", "R", 0,
                Map.of("HR_BPM", new SignalChannel("c", List.of(72L), null)), null, null);

        assertThat(r.effectiveMultiplier()).isEqualTo(1);
        assertThat(r.value("HR_BPM")).isEqualTo(72.0);
    }

    @Test
    void result_emptyDataOrMissingPoint_givesNaN() {
        MeasurementResult empty = new MeasurementResult("M", "M:1", "R", 10,
                Map.of("HR_BPM", new SignalChannel(null, null, null)), null, null);

        assertThat(empty.value("HR_BPM")).isNaN();
        assertThat(empty.value("BR_BPM")).isNaN();
    }

    @ParameterizedTest
    @ValueSource(strings = {"M:", "M:x", "M:-1", "M:1.0", "M: 1", "M:1234567890", "M:0:"})
    void result_chunkOrder_nonDigitsOrTooLong_isEmpty(String dataId) {
        assertThat(new MeasurementResult("M", dataId, "R", 1, null, null, null).chunkOrder()).isEmpty();
    }

    @Property
    void result_chunkOrder_isTheDigitsAfterTheLastColon(@ForAll @IntRange(min = 0, max = 999_999_999) int n) {
        String dataId = "3f2c9a70-5b1e-4c8a-9d2e-7a6b1c0d4e5f:" + n;

        assertThat(new MeasurementResult("M", dataId, "R", 1, null, null, null).chunkOrder()).hasValue(n);
    }

    @Test
    void signalChannel_copiesAndNormalises() {
        List<Long> data = new ArrayList<>(List.of(1L, 2L));
        SignalChannel c = new SignalChannel(null, data, null);
        data.add(3L);

        assertThat(c.channel()).isEmpty();
        assertThat(c.data()).containsExactly(1L, 2L);
        assertThat(c.notes()).isEmpty();
    }
}
