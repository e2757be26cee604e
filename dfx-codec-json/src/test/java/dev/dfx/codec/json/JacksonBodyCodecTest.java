package dev.dfx.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.MeasurementAction;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.ErrorBody;
import dev.dfx.core.body.LoginRequest;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.ResultError;
import dev.dfx.core.body.SignalChannel;
import dev.dfx.core.body.SubscribeRequest;
import dev.dfx.core.error.DfxProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JacksonBodyCodecTest {
    private final JacksonBodyCodec codec = JacksonBodyCodec.create();

    private String json(Object body) {
        ByteBuffer b = codec.encode(body, 0);
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.US_ASCII);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void subprotocol_isJson() {
        assertThat(codec.subprotocol()).isEqualTo("json");
    }

    @Test
    void encodeLogin_writesTokenField() {
        assertThat(json(new LoginRequest("eyJ.abc"))).isEqualTo("{\"Token\":\"eyJ.abc\"}");
    }

    @Test
    void encodeSubscribe_writesParamsAndRequestId() {
        assertThat(json(new SubscribeRequest("M", "0510RfGhJk")))
                .isEqualTo("{\"Params\":{\"ID\":\"M\"},\"RequestID\":\"0510RfGhJk\"}");
    }

    @Test
    void encodeAddData_writesEveryFieldWithPayloadLast() {
        AddDataRequest r = new AddDataRequest("M", MeasurementAction.FIRST_PROCESS, ByteBuffer.wrap(new byte[] {1, 2, 3}),
                0, 0.0, 5.0, 5.0, ByteBuffer.wrap(new byte[] {(byte) 0xff}));
        assertThat(json(r)).isEqualTo("{\"Params\":{\"ID\":\"M\"},\"Action\":\"FIRST::PROCESS\",\"ChunkOrder\":0,"
                + "\"StartTime\":0.0,\"EndTime\":5.0,\"Duration\":5.0,\"Meta\":\"/w==\",\"Payload\":\"AQID\"}");
    }

    @Test
    void encodeAddData_omitsNullOptionalFields() {
        AddDataRequest r = new AddDataRequest("M", MeasurementAction.LAST_PROCESS, ByteBuffer.wrap(new byte[] {1, 2}),
                null, null, null, null, null);
        assertThat(json(r)).isEqualTo("{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\",\"Payload\":\"AQI=\"}");
    }

    @Test
    void encodeChunkAck_writesIdAndOrder() {
        assertThat(json(new ChunkAck("M:0", 0))).isEqualTo("{\"ID\":\"M:0\",\"ChunkOrder\":0}");
    }

    @Test
    void encodeResult_writesSection53Shape() {
        MeasurementResult r = new MeasurementResult("M", "M:0", "R0", 10000,
                Map.of("SNR", new SignalChannel("slow/toi4", List.of(41200L), List.of())),
                new ResultError("OK", Map.of()), null);
        assertThat(json(r)).isEqualTo("{\"MeasurementID\":\"M\",\"MeasurementDataID\":\"M:0\","
                + "\"MeasurementResultID\":\"R0\",\"Multiplier\":10000,\"Channels\":{\"SNR\":{\"Channel\":\"slow/toi4\","
                + "\"Data\":[41200]}},\"Error\":{\"Code\":\"OK\",\"Errors\":{}}}");
    }

    @Test
    void encodeErrorBody_omitsEmptyErrors() {
        assertThat(json(ErrorBody.of("RATE_LIMIT", "slow down")))
                .isEqualTo("{\"Code\":\"RATE_LIMIT\",\"Message\":\"slow down\"}");
    }

    @Test
    void encodeMap_writesTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", List.of(true, "x"));
        m.put("c", null);
        m.put("d", Map.of("e", 2.5));
        assertThat(json(m)).isEqualTo("{\"a\":1,\"b\":[true,\"x\"],\"c\":null,\"d\":{\"e\":2.5}}");
    }

    @Test
    void encodeUnsupported_throwsIllegalArgumentNamingType() {
        assertThatThrownBy(() -> codec.encode(new StringBuilder(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.StringBuilder");
    }

    @Test
    void encodeNonAscii_escapesIt() {
        assertThat(json(new LoginRequest("é😀"))).isEqualTo("{\"Token\":\"\\u00E9\\uD83D\\uDE00\"}");
    }

    @Test
    void encode_leavesHeadroomZeroed() {
        ByteBuffer b = codec.encode(new ChunkAck("M:1", 1), 14);
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(14 + "{\"ID\":\"M:1\",\"ChunkOrder\":1}".length());
        for (int i = 0; i < 14; i++) {
            assertThat(b.get(i)).isZero();
        }
        assertThat((char) b.get(14)).isEqualTo('{');
    }

    @Test
    void roundTrip_everyRecord() {
        List<Object> bodies = List.of(new LoginRequest("t"), new SubscribeRequest("M", "0510RfGhJk"),
                new ChunkAck("M:3", 3), ErrorBody.of("X", "y"),
                new ErrorBody("A", "b", Map.of("k", List.of("m1", "m2"))),
                new MeasurementResult("M", "M:5", "R", 10000,
                        Map.of("HR_BPM", new SignalChannel("slow/toi4", List.of(721500L, -1L), List.of("NOTE_X"))),
                        new ResultError("ANALYSIS_ERROR", Map.of("HR_BPM", List.of("bad"))), "COMPLETE"),
                new AddDataRequest("M", MeasurementAction.CHUNK_IGNORE, ByteBuffer.wrap(new byte[] {9, 8, 7, 6}),
                        2, 10.0, 15.5, 5.5, ByteBuffer.wrap(new byte[] {1})));
        for (Object b : bodies) {
            assertThat(codec.decode(codec.encode(b, 0), b.getClass())).isEqualTo(b);
        }
    }

    @Test
    void decodeAddData_acceptsNumericStringTimes() {
        AddDataRequest r = codec.decode(bytes("{\"Params\":{\"ID\":\"M\"},\"Action\":\"CHUNK::PROCESS\","
                + "\"StartTime\":\"5\",\"EndTime\":\"10.5\",\"Duration\":5,\"Payload\":\"AQID\"}"), AddDataRequest.class);
        assertThat(r.startTime()).isEqualTo(5.0);
        assertThat(r.endTime()).isEqualTo(10.5);
        assertThat(r.duration()).isEqualTo(5.0);
    }

    @Test
    void decodeAddData_withoutPayload_throwsProtocolException() {
        assertThatThrownBy(() -> codec.decode(bytes("{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\"}"),
                AddDataRequest.class)).isInstanceOf(DfxProtocolException.class).hasMessageContaining("Payload");
    }

    @Test
    void decodeBadJson_throwsProtocolExceptionWithCause() {
        assertThatThrownBy(() -> codec.decode(bytes("{\"Token\":"), LoginRequest.class))
                .isInstanceOf(DfxProtocolException.class).hasCauseInstanceOf(tools.jackson.core.JacksonException.class);
    }

    @Test
    void decodeMap_givesLongsAndDoubles() {
        Map<?, ?> m = codec.decode(bytes("{\"a\":1,\"b\":2.5,\"c\":[null,true],\"d\":{}}"), Map.class);
        assertThat(m.get("a")).isEqualTo(1L);
        assertThat(m.get("b")).isEqualTo(2.5);
        assertThat(m.get("c")).isEqualTo(java.util.Arrays.asList(null, true));
        assertThat((Map<?, ?>) m.get("d")).isEmpty();
    }
}
