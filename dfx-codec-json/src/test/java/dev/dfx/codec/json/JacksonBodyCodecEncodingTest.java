package dev.dfx.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.MeasurementAction;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ErrorBody;
import dev.dfx.core.body.LoginRequest;
import dev.dfx.core.error.DfxProtocolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Codec-specific behaviour beyond the BodyCodecContract: exact bytes, buffer sizing, number types. */
class JacksonBodyCodecEncodingTest {
    private final JacksonBodyCodec codec = JacksonBodyCodec.create();

    private String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.ISO_8859_1);
    }

    @Test
    void nonAscii_isEscapedAsUnicodeEscapesWithSurrogatePairs() {
        assertThat(text(codec.encode(new LoginRequest("\u00e9\u6f22\ud83d\ude00"), 0)))
                .isEqualTo("{\"Token\":\"\\u00E9\\u6F22\\uD83D\\uDE00\"}");
    }

    @Test
    void controlCharactersAndQuotes_areEscaped() {
        assertThat(text(codec.encode(ErrorBody.of("C", "a\"b\\c\n\u0001/"), 0)))
                .isEqualTo("{\"Code\":\"C\",\"Message\":\"a\\\"b\\\\c\\n\\u0001/\"}");
    }

    @Test
    void addData_outputArrayIsSizedUpFrontSoItNeverGrows() {
        byte[] payload = new byte[1 << 20];
        new Random(3).nextBytes(payload);
        AddDataRequest r = new AddDataRequest("3f2c9a70-5b1e-4c8a-9d2e-7a6b1c0d4e5f", MeasurementAction.CHUNK_PROCESS,
                ByteBuffer.wrap(payload), 12, 60.0, 65.0, 5.0, ByteBuffer.wrap(new byte[2048]));
        ByteBuffer b = codec.encode(r, 14);
        assertThat(b.hasArray()).isTrue();
        assertThat(b.arrayOffset()).isZero();
        // an exact-size estimate: the slack is the estimate's allowance for field names and numbers, not a doubling
        assertThat(b.capacity() - b.limit()).isBetween(0, 400);
    }

    @Test
    void addData_payloadIsTheLastField() {
        AddDataRequest r = new AddDataRequest("M", MeasurementAction.LAST_PROCESS, ByteBuffer.wrap(new byte[] {1}), 3,
                null, null, 5.0, ByteBuffer.wrap(new byte[] {2}));
        assertThat(text(codec.encode(r, 0))).isEqualTo("{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\","
                + "\"ChunkOrder\":3,\"Duration\":5.0,\"Meta\":\"Ag==\",\"Payload\":\"AQ==\"}");
    }

    @Test
    void addData_nonFiniteTime_isRefusedBeforeItReachesTheCodec() {
        // AddDataRequest refuses NaN and infinite times itself, so no non-finite number can reach the JSON output.
        assertThatThrownBy(() -> new AddDataRequest("M", MeasurementAction.LAST_PROCESS, ByteBuffer.allocate(1), null,
                Double.NaN, null, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startTime");
        assertThatThrownBy(() -> codec.encode(java.util.Map.of("t", Double.POSITIVE_INFINITY), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapEncode_writesEveryNumberType() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", 1);
        m.put("l", 1L << 40);
        m.put("s", (short) 2);
        m.put("b", (byte) 3);
        m.put("f", 0.5f);
        m.put("d", 0.25);
        m.put("bi", new BigInteger("123456789012345678901234567890"));
        m.put("bd", new BigDecimal("1.10"));
        assertThat(text(codec.encode(m, 0))).isEqualTo("{\"i\":1,\"l\":1099511627776,\"s\":2,\"b\":3,\"f\":0.5,"
                + "\"d\":0.25,\"bi\":123456789012345678901234567890,\"bd\":1.10}");
    }

    @Test
    void mapEncode_cycle_throwsIllegalArgumentInsteadOfOverflowing() {
        Map<String, Object> m = new HashMap<>();
        m.put("self", m);
        assertThatThrownBy(() -> codec.encode(m, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deeper");
    }

    @Test
    void mapDecode_givesLongBigIntegerDoubleAndUnmodifiableContainers() {
        Map<?, ?> m = codec.decode(ByteBuffer.wrap(("{\"i\":1,\"big\":123456789012345678901234567890,\"d\":1.5,"
                + "\"e\":1e3,\"l\":[1],\"o\":{}}").getBytes(StandardCharsets.US_ASCII)), Map.class);
        assertThat(m.get("i")).isEqualTo(1L);
        assertThat(m.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(m.get("d")).isEqualTo(1.5);
        assertThat(m.get("e")).isEqualTo(1000.0);
        assertThat(m.get("l")).isEqualTo(List.of(1L));
        assertThatThrownBy(() -> ((List<?>) m.get("l")).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void decodeIntegralFloat_isAcceptedForIntegerFields() {
        AddDataRequest r = codec.decode(ByteBuffer.wrap(("{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\","
                + "\"ChunkOrder\":2.0,\"Payload\":\"\"}").getBytes(StandardCharsets.US_ASCII)), AddDataRequest.class);
        assertThat(r.chunkOrder()).isEqualTo(2);
    }

    @Test
    void decodeErrors_acceptsPlainArraysAndStringsForMsgs() {
        ErrorBody e = codec.decode(ByteBuffer.wrap(("{\"Code\":\"X\",\"Errors\":{\"a\":[\"m1\"],\"b\":\"m2\","
                + "\"c\":{\"msgs\":[\"m3\"]},\"d\":{}}}").getBytes(StandardCharsets.US_ASCII)), ErrorBody.class);
        assertThat(e.errors()).isEqualTo(Map.of("a", List.of("m1"), "b", List.of("m2"), "c", List.of("m3"),
                "d", List.of()));
    }

    @Test
    void badBase64_failsWithoutQuotingIt() {
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(("{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\","
                + "\"Payload\":\"%%secret%%\"}").getBytes(StandardCharsets.US_ASCII)), AddDataRequest.class))
                .isInstanceOf(DfxProtocolException.class).hasMessageContaining("Payload")
                .hasMessageContaining("base64").hasMessageNotContaining("secret");
    }

    @Test
    void toString_namesTheSubprotocol() {
        assertThat(codec).hasToString("JacksonBodyCodec[json]");
    }
}
