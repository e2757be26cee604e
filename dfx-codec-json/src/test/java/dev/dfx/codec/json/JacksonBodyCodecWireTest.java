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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Byte-exact wire forms and decoding rules, written independently of the codec's own tests. */
class JacksonBodyCodecWireTest {
    private final JacksonBodyCodec codec = JacksonBodyCodec.create();

    private static String text(ByteBuffer b, int from) {
        ByteBuffer d = b.duplicate();
        d.position(from);
        return StandardCharsets.UTF_8.decode(d).toString();
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void addData_writesWireFieldsWithPayloadLastAndHeadroomZeroed() {
        byte[] payload = {1, 2, 3, 4, 5};
        AddDataRequest req = new AddDataRequest("M", MeasurementAction.FIRST_PROCESS, ByteBuffer.wrap(payload), 0,
                0.0, 5.0, 5.0, ByteBuffer.wrap(new byte[] {9}));
        ByteBuffer out = codec.encode(req, 14);
        assertThat(out.position()).isZero();
        for (int i = 0; i < 14; i++) {
            assertThat(out.get(i)).isZero();
        }
        assertThat(text(out, 14)).isEqualTo("{\"Params\":{\"ID\":\"M\"},\"Action\":\"FIRST::PROCESS\",\"ChunkOrder\":0,"
                + "\"StartTime\":0.0,\"EndTime\":5.0,\"Duration\":5.0,\"Meta\":\"CQ==\",\"Payload\":\""
                + Base64.getEncoder().encodeToString(payload) + "\"}");
    }

    @Test
    void addData_minimalFormOmitsOptionalFields() {
        AddDataRequest req = new AddDataRequest("M", MeasurementAction.LAST_PROCESS, ByteBuffer.allocate(3), null,
                null, null, null, null);
        assertThat(text(codec.encode(req, 0), 0))
                .isEqualTo("{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\",\"Payload\":\"AAAA\"}");
    }

    @Test
    void directBufferPayload_isStreamedToTheSameBase64() {
        ByteBuffer direct = ByteBuffer.allocateDirect(1000);
        for (int i = 0; i < 1000; i++) {
            direct.put((byte) i);
        }
        direct.flip();
        byte[] expected = new byte[1000];
        direct.duplicate().get(expected);
        AddDataRequest req = new AddDataRequest("M", MeasurementAction.CHUNK_IGNORE, direct, 3, null, null, 1.0, null);
        AddDataRequest back = codec.decode(codec.encode(req, 0), AddDataRequest.class);
        ByteBuffer p = back.payload();
        byte[] got = new byte[p.remaining()];
        p.get(got);
        assertThat(got).isEqualTo(expected);
        assertThat(back.action()).isEqualTo(MeasurementAction.CHUNK_IGNORE);
        assertThat(back.chunkOrder()).isEqualTo(3);
        assertThat(back.duration()).isEqualTo(1.0);
    }

    @Test
    void encode_escapesNonAsciiSoTheOutputIsPureAscii() {
        ByteBuffer out = codec.encode(Map.of("Name", "Zoë 🙂"), 0);
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        for (byte b : bytes) {
            assertThat(b).isBetween((byte) 0x20, (byte) 0x7e);
        }
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("\\u00EB").contains("\\uD83D\\uDE42");
    }

    @Test
    void login_subscribe_ack_error_roundTrip() {
        assertThat(codec.decode(codec.encode(new LoginRequest("tok"), 0), LoginRequest.class).token())
                .isEqualTo("tok");
        assertThat(codec.decode(codec.encode(new SubscribeRequest("M", "0510RfGhJk"), 0), SubscribeRequest.class))
                .isEqualTo(new SubscribeRequest("M", "0510RfGhJk"));
        assertThat(codec.decode(codec.encode(new ChunkAck("M:0", 0), 0), ChunkAck.class))
                .isEqualTo(new ChunkAck("M:0", 0));
        ErrorBody e = new ErrorBody("RATE_LIMIT", "slow down", Map.of("Payload", List.of("too fast")));
        assertThat(codec.decode(codec.encode(e, 0), ErrorBody.class)).isEqualTo(e);
    }

    @Test
    void result_roundTripKeepsEveryField() {
        MeasurementResult r = new MeasurementResult("M", "M:5", "R5", 10000,
                Map.of("HR_BPM", new SignalChannel("slow/toi4", List.of(721500L), List.of("NOTE_USED_PRED_DEMOG"))),
                new ResultError("OK", Map.of()), "COMPLETE");
        MeasurementResult back = codec.decode(codec.encode(r, 0), MeasurementResult.class);
        assertThat(back).isEqualTo(r);
        assertThat(back.chunkOrder()).hasValue(5);
        assertThat(back.value("HR_BPM")).isEqualTo(72.15);
    }

    @Test
    void decode_isTolerant_unknownFieldsIgnored_missingOptionalAllowed() {
        MeasurementResult r = codec.decode(utf8("{\"Surprise\":[1,2],\"MeasurementDataID\":\"M:1\"}"),
                MeasurementResult.class);
        assertThat(r.measurementId()).isEmpty();
        assertThat(r.chunkOrder()).hasValue(1);
        assertThat(r.statusId()).isNull();
        assertThat(r.error().isError()).isFalse();
        ErrorBody e = codec.decode(utf8("{\"Code\":\"X\",\"remainingLockoutDurationSec\":3}"), ErrorBody.class);
        assertThat(e.code()).isEqualTo("X");
        assertThat(e.message()).isEmpty();
    }

    @Test
    void decode_acceptsNumericStringsForTimingFields() {
        String json = "{\"Params\":{\"ID\":\"M\"},\"Action\":\"CHUNK::PROCESS\",\"ChunkOrder\":2,"
                + "\"Duration\":\"5\",\"StartTime\":\"10.5\",\"Payload\":\"AQID\"}";
        AddDataRequest a = codec.decode(utf8(json), AddDataRequest.class);
        assertThat(a.chunkOrder()).isEqualTo(2);
        assertThat(a.duration()).isEqualTo(5.0);
        assertThat(a.startTime()).isEqualTo(10.5);
    }

    @Test
    void decode_fallsBackToLatin1AndStripsTrailingNuls() {
        // What the official JS client sends for {"Token":"é"} followed by a NUL (docs/protocol.md §2.3).
        byte[] bytes = {'{', '"', 'T', 'o', 'k', 'e', 'n', '"', ':', '"', (byte) 0xe9, '"', '}', 0};
        assertThat(codec.decode(ByteBuffer.wrap(bytes), LoginRequest.class).token()).isEqualTo("é");
    }

    @Test
    void decode_mapGivesPlainJavaValues() {
        Map<?, ?> m = codec.decode(utf8("{\"a\":1,\"b\":12345678901,\"c\":1.5,\"d\":[true,null],\"e\":{\"f\":\"g\"}}"),
                Map.class);
        assertThat(m.get("a")).isEqualTo(1L);
        assertThat(m.get("b")).isEqualTo(12345678901L);
        assertThat(m.get("c")).isEqualTo(1.5);
        assertThat(m.get("d")).isEqualTo(java.util.Arrays.asList(true, null));
        assertThat(m.get("e")).isEqualTo(Map.of("f", "g"));
        assertThat(m.get("b")).isInstanceOf(Long.class);
    }

    @Test
    void decode_badInputRaisesProtocolException() {
        assertThatThrownBy(() -> codec.decode(utf8("{not json"), Map.class)).isInstanceOf(DfxProtocolException.class);
        assertThatThrownBy(() -> codec.decode(utf8("[1,2]"), Map.class)).isInstanceOf(DfxProtocolException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> codec.decode(utf8("{\"Params\":{\"ID\":\"M\"},\"Action\":\"FIRST::PROCESS\"}"),
                AddDataRequest.class)).isInstanceOf(DfxProtocolException.class).hasMessageContaining("Payload");
        assertThatThrownBy(() -> codec.decode(utf8("{\"Params\":{\"ID\":\"M\"},\"Action\":\"first\",\"Payload\":\"\"}"),
                AddDataRequest.class)).isInstanceOf(DfxProtocolException.class).hasMessageContaining("Action");
        assertThatThrownBy(() -> codec.decode(utf8("{\"ID\":\"x\"}"), ChunkAck.class))
                .isInstanceOf(DfxProtocolException.class).hasMessageContaining("ChunkOrder");
        assertThatThrownBy(() -> codec.decode(utf8("{\"Token\":\"\"}"), LoginRequest.class))
                .isInstanceOf(DfxProtocolException.class);
    }

    @Test
    void unsupportedTypesAreRefusedNamingTheType() {
        assertThatThrownBy(() -> codec.encode(new Object(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> codec.decode(utf8("{}"), String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> codec.encode(null, 0)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("body");
    }

    @Property(tries = 300)
    void addData_roundTripsAnyPayloadActionAndOrder(@ForAll @Size(max = 5000) byte[] payload,
                                                    @ForAll("actions") MeasurementAction action,
                                                    @ForAll @IntRange(max = 10_000) int order,
                                                    @ForAll @IntRange(max = 40) int headroom) {
        AddDataRequest req = new AddDataRequest("meas-1", action, ByteBuffer.wrap(payload), order, 1.5, 2.5, 1.0,
                null);
        ByteBuffer out = codec.encode(req, headroom);
        out.position(headroom);
        AddDataRequest back = codec.decode(out, AddDataRequest.class);
        assertThat(back).isEqualTo(req);
    }

    @Provide
    Arbitrary<MeasurementAction> actions() {
        return Arbitraries.of(MeasurementAction.class);
    }
}
