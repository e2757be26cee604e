package dev.dfx.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

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
import dev.dfx.core.port.BodyCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link BodyCodec} must pass (docs/style.md §9). A codec's test subclasses it and implements only
 * {@link #codec()}; it never overrides a test to skip it. The suite checks the body shapes of docs/protocol.md §1.3, §4,
 * §5 and §6 through the codec's own generic {@code Map} decoding, so it assumes no JSON library.
 *
 * <p>Covered: round trips of every body type; ASCII-only output for non-ASCII input (§2.3); headroom; unknown fields
 * ignored; missing optional fields; the ISO-8859-1 fallback with trailing NULs (§2.3); bad JSON, wrong field types
 * and missing required fields failing with {@link DfxProtocolException} that quotes no token or payload; numeric
 * strings in the timing fields (§4.1); empty and 1 MiB payloads; decoding that does not consume its buffer; heap,
 * read-only and direct input buffers; and concurrent use.
 */
public abstract class BodyCodecContract {
    private static final String M = "3f2c9a70-5b1e-4c8a-9d2e-7a6b1c0d4e5f";
    private static final String NON_ASCII = "caf\u00e9 \u00fc\u00f1\u00ee \u2713 \u6f22 \ud83d\ude00";

    private BodyCodec subject;

    /** Creates the contract; subclasses only implement {@link #codec()}. */
    protected BodyCodecContract() {
    }

    /**
     * @return the codec under test; called once before each test
     */
    protected abstract BodyCodec codec();

    /** Takes a fresh codec from the subclass. */
    @BeforeEach
    protected final void setUpCodec() {
        subject = codec();
        assertThat(subject).as("codec()").isNotNull();
    }

    // ---- sample bodies -----------------------------------------------------------------------------------------

    private static ByteBuffer buf(int... bytes) {
        byte[] a = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            a[i] = (byte) bytes[i];
        }
        return ByteBuffer.wrap(a);
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] a = new byte[n];
        new Random(seed).nextBytes(a);
        return a;
    }

    private static AddDataRequest fullAddData() {
        return new AddDataRequest(M, MeasurementAction.FIRST_PROCESS, buf(0, 1, 2, 0xfe, 0xff), 0, 0.0, 5.0, 5.0,
                buf(0x7b, 0x7d));
    }

    private static MeasurementResult finalResult() {
        Map<String, SignalChannel> channels = new LinkedHashMap<>();
        channels.put("HR_BPM", new SignalChannel("slow/toi4", List.of(721500L, 720000L), List.of()));
        channels.put("SNR", new SignalChannel("slow/toi4", List.of(-1000000L),
                List.of("NOTE_SNR_BELOW_THRESHOLD", "NOTE_DEGRADED_ACCURACY")));
        return new MeasurementResult(M, M + ":5", "R5", 10000, channels,
                new ResultError("ANALYSIS_ERROR", Map.of("BP_SYSTOLIC", List.of("signal failed", "retry"))),
                "COMPLETE");
    }

    static Stream<Arguments> bodies() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("StudyID", "s-1");
        tree.put("Resolution", 100L);
        tree.put("Ratio", 0.25);
        tree.put("Active", true);
        tree.put("Nothing", null);
        tree.put("List", Arrays.asList(1L, "two", null, false, Map.of("k", "v")));
        tree.put("Nested", Map.of("Params", Map.of("ID", M), "Empty", Map.of()));
        return Stream.of(
                Arguments.of(named("LoginRequest", new LoginRequest("eyJhbGciOiJIUzI1NiJ9.e30.sig"))),
                Arguments.of(named("SubscribeRequest", new SubscribeRequest(M, "0510RfGhJk"))),
                Arguments.of(named("SubscribeRequest, empty RequestID", new SubscribeRequest(M, ""))),
                Arguments.of(named("AddDataRequest, every field", fullAddData())),
                Arguments.of(named("AddDataRequest, minimal", new AddDataRequest(M, MeasurementAction.LAST_PROCESS,
                        buf(1, 2, 3, 4), null, null, null, null, null))),
                Arguments.of(named("AddDataRequest, fractional times", new AddDataRequest(M,
                        MeasurementAction.CHUNK_IGNORE, buf(9), 7, 35.125, 40.5, 5.375, buf()))),
                Arguments.of(named("ChunkAck", new ChunkAck(M + ":0", 0))),
                Arguments.of(named("MeasurementResult, intermediate", new MeasurementResult(M, M + ":0", "R0", 10000,
                        Map.of("SNR", new SignalChannel("slow/toi4", List.of(41200L), List.of())),
                        new ResultError("OK", Map.of()), null))),
                Arguments.of(named("MeasurementResult, final with errors and notes", finalResult())),
                Arguments.of(named("MeasurementResult, empty", new MeasurementResult(null, null, null, 0, null, null,
                        null))),
                Arguments.of(named("ErrorBody", ErrorBody.of("RATE_LIMIT", "too fast"))),
                Arguments.of(named("ErrorBody with Errors", new ErrorBody("UNPACKER_RPC_ERROR", "bad payload",
                        Map.of("Payload", List.of("frame 3 truncated"))))),
                Arguments.of(named("Map tree", tree)));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private static ByteBuffer utf8(String json) {
        return ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
    }

    private Map<?, ?> decodeMap(ByteBuffer body) {
        return subject.decode(body, Map.class);
    }

    private static List<Object> keys(Map<?, ?> m) {
        return new ArrayList<>(m.keySet());
    }

    /** The body as the codec's generic tree: what the wire carries, field names and all. */
    private Map<?, ?> wire(Object body) {
        return decodeMap(subject.encode(body, 0));
    }

    private Object decodeAs(Object body) {
        return subject.decode(subject.encode(body, 0), body.getClass());
    }

    /** Integral numbers as Long and others as Double, recursively: the contract does not fix the number types. */
    private static Object normalise(Object v) {
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> m.put(k, normalise(x)));
            return m;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            ((List<?>) v).forEach(x -> l.add(normalise(x)));
            return l;
        }
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Number) {
            return v instanceof BigInteger ? v : ((Number) v).longValue();
        }
        return v;
    }

    private static void assertAscii(ByteBuffer encoded) {
        byte[] a = bytesOf(encoded);
        int firstNonAscii = -1;
        for (int i = 0; i < a.length && firstNonAscii < 0; i++) {
            if (a[i] < 0) {
                firstNonAscii = i;
            }
        }
        assertThat(firstNonAscii).as("index of the first non-ASCII byte in %s",
                a.length > 200 ? a.length + " bytes" : new String(a, StandardCharsets.ISO_8859_1)).isEqualTo(-1);
    }

    private static List<String> messages(Throwable t) {
        List<String> out = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            out.add(String.valueOf(c.getMessage()));
        }
        return out;
    }

    // ---- the contract ------------------------------------------------------------------------------------------

    @Test
    void subprotocol_isJson() {
        assertThat(subject.subprotocol()).isEqualTo("json");
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void roundTrip_decodesToEqualBody(Object body) {
        if (body instanceof Map) {
            assertThat(normalise(wire(body))).isEqualTo(normalise(body));
        } else {
            assertThat(decodeAs(body)).isEqualTo(body);
        }
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void encode_isOneAsciiJsonObject(Object body) {
        ByteBuffer encoded = subject.encode(body, 0);
        assertAscii(encoded);
        byte[] a = bytesOf(encoded);
        assertThat(a).isNotEmpty();
        assertThat((char) a[0]).isEqualTo('{');
        assertThat((char) a[a.length - 1]).isEqualTo('}');
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 14, 1000})
    void encode_leavesZeroedHeadroomBeforeTheSameBody(int headroom) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("a", List.of(1L, "b"));
        for (Object body : List.of(fullAddData(), finalResult(), new LoginRequest("t"), tree)) {
            byte[] plain = bytesOf(subject.encode(body, 0));
            ByteBuffer b = subject.encode(body, headroom);
            assertThat(b.position()).isZero();
            assertThat(b.limit()).isEqualTo(headroom + plain.length);
            byte[] all = bytesOf(b);
            assertThat(Arrays.copyOfRange(all, 0, headroom)).isEqualTo(new byte[headroom]);
            assertThat(Arrays.copyOfRange(all, headroom, all.length)).isEqualTo(plain);
            ByteBuffer bodyPart = b.duplicate().position(headroom);
            Class<?> type = body instanceof Map ? Map.class : body.getClass();
            assertThat(normalise(subject.decode(bodyPart, type))).isEqualTo(normalise(body));
        }
    }

    @Test
    void encode_negativeHeadroom_throwsIllegalArgument() {
        assertThatThrownBy(() -> subject.encode(new LoginRequest("t"), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headroom");
    }

    @Test
    void encode_unsupportedType_throwsIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> subject.encode(new java.util.Date(0), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Date");
    }

    @Test
    void decode_unsupportedType_throwsIllegalArgument() {
        assertThatThrownBy(() -> subject.decode(utf8("{}"), java.util.Date.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Date");
    }

    @Test
    void encode_nullBody_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> subject.encode(null, 0)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("body");
    }

    // ---- wire shapes (docs/protocol.md §1.3, §4.1, §4.4, §5.1, §5.3, §6.1) -----------------------------------------

    @Test
    void loginRequest_wireHasToken() {
        assertThat(wire(new LoginRequest("abc"))).isEqualTo(Map.of("Token", "abc"));
    }

    @Test
    void subscribeRequest_wireHasParamsIdAndRequestId() {
        assertThat(wire(new SubscribeRequest(M, "0510RfGhJk")))
                .isEqualTo(Map.of("Params", Map.of("ID", M), "RequestID", "0510RfGhJk"));
    }

    @Test
    void addDataRequest_wireHasEveryFieldAndStandardPaddedBase64() {
        Map<?, ?> w = wire(fullAddData());
        assertThat(keys(w)).containsExactlyInAnyOrder("Params", "Action", "ChunkOrder", "StartTime", "EndTime",
                "Duration", "Meta", "Payload");
        assertThat(w.get("Params")).isEqualTo(Map.of("ID", M));
        assertThat(w.get("Action")).isEqualTo("FIRST::PROCESS");
        assertThat(((Number) w.get("ChunkOrder")).longValue()).isZero();
        assertThat(((Number) w.get("StartTime")).doubleValue()).isEqualTo(0.0);
        assertThat(((Number) w.get("EndTime")).doubleValue()).isEqualTo(5.0);
        assertThat(((Number) w.get("Duration")).doubleValue()).isEqualTo(5.0);
        assertThat(w.get("Payload")).isEqualTo(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, -2, -1}));
        assertThat(w.get("Payload")).isEqualTo("AAEC/v8=");
        assertThat(w.get("Meta")).isEqualTo("e30=");
    }

    @Test
    void addDataRequest_nullOptionalFields_areLeftOut() {
        Map<?, ?> w = wire(new AddDataRequest(M, MeasurementAction.LAST_PROCESS, buf(1), null, null, null, null,
                null));
        assertThat(keys(w)).containsExactlyInAnyOrder("Params", "Action", "Payload");
    }

    @Test
    void chunkAck_wireHasIdAndChunkOrder() {
        Map<?, ?> w = wire(new ChunkAck(M + ":4", 4));
        assertThat(w.get("ID")).isEqualTo(M + ":4");
        assertThat(((Number) w.get("ChunkOrder")).intValue()).isEqualTo(4);
        assertThat(w).hasSize(2);
    }

    @Test
    void measurementResult_wireHasSection53Shape() {
        Map<?, ?> w = wire(finalResult());
        assertThat(keys(w)).containsExactlyInAnyOrder("MeasurementID", "MeasurementDataID", "MeasurementResultID",
                "Multiplier", "Channels", "Error", "StatusID");
        assertThat(((Number) w.get("Multiplier")).longValue()).isEqualTo(10000L);
        Map<?, ?> snr = (Map<?, ?>) ((Map<?, ?>) w.get("Channels")).get("SNR");
        assertThat(snr.get("Channel")).isEqualTo("slow/toi4");
        assertThat(normalise(snr.get("Data"))).isEqualTo(List.of(-1000000L));
        assertThat(snr.get("Notes")).isEqualTo(List.of("NOTE_SNR_BELOW_THRESHOLD", "NOTE_DEGRADED_ACCURACY"));
        assertThat(w.get("Error")).isEqualTo(Map.of("Code", "ANALYSIS_ERROR",
                "Errors", Map.of("BP_SYSTOLIC", Map.of("msgs", List.of("signal failed", "retry")))));
        assertThat(w.get("StatusID")).isEqualTo("COMPLETE");
    }

    @Test
    void measurementResult_withoutStatus_leavesStatusIdOut() {
        MeasurementResult r = new MeasurementResult(M, M + ":0", "R0", 10000, Map.of(), null, null);
        assertThat(keys(wire(r))).doesNotContain("StatusID");
    }

    @Test
    void errorBody_wireHasCodeMessageAndErrorsOnlyWhenPresent() {
        assertThat(wire(ErrorBody.of("RATE_LIMIT", "slow"))).isEqualTo(Map.of("Code", "RATE_LIMIT", "Message", "slow"));
        assertThat(wire(new ErrorBody("X", "y", Map.of("k", List.of("m")))).get("Errors"))
                .isEqualTo(Map.of("k", Map.of("msgs", List.of("m"))));
    }

    // ---- docs/protocol.md §2.3: ASCII out, UTF-8 or ISO-8859-1 in -------------------------------------------------

    @Test
    void nonAsciiText_isEscapedToAsciiAndRoundTrips() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put(NON_ASCII, List.of(NON_ASCII));
        List<Object> bodies = List.of(new LoginRequest(NON_ASCII), new SubscribeRequest(NON_ASCII, NON_ASCII),
                new AddDataRequest(NON_ASCII, MeasurementAction.CHUNK_PROCESS, buf(1), 1, null, null, null, null),
                new ChunkAck(NON_ASCII, 1),
                new MeasurementResult(NON_ASCII, NON_ASCII, NON_ASCII, 1,
                        Map.of(NON_ASCII, new SignalChannel(NON_ASCII, List.of(), List.of(NON_ASCII))),
                        new ResultError(NON_ASCII, Map.of(NON_ASCII, List.of(NON_ASCII))), NON_ASCII),
                new ErrorBody(NON_ASCII, NON_ASCII, Map.of(NON_ASCII, List.of(NON_ASCII))));
        for (Object body : bodies) {
            ByteBuffer encoded = subject.encode(body, 0);
            assertAscii(encoded);
            assertThat(subject.decode(encoded, body.getClass())).isEqualTo(body);
        }
        ByteBuffer encodedTree = subject.encode(tree, 0);
        assertAscii(encodedTree);
        assertThat(decodeMap(encodedTree)).isEqualTo(tree);
    }

    @Test
    void controlCharactersAndQuotes_roundTrip() {
        String tricky = "a\"b\\c/d\n\t\u0000\u001f\u007f";
        assertThat(decodeAs(new LoginRequest(tricky))).isEqualTo(new LoginRequest(tricky));
    }

    @Test
    void utf8Input_isDecodedAsUtf8() {
        LoginRequest r = subject.decode(utf8("{\"Token\":\"caf\u00e9 \ud83d\ude00\"}"), LoginRequest.class);
        assertThat(r.token()).isEqualTo("caf\u00e9 \ud83d\ude00");
    }

    @Test
    void invalidUtf8_fallsBackToLatin1AndDropsTrailingNuls() {
        // the browser client's form: one byte per code point, trailing NULs after astral characters (§2.3)
        byte[] body = "{\"Token\":\"caf\u00e9\"}\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        LoginRequest r = subject.decode(ByteBuffer.wrap(body), LoginRequest.class);
        assertThat(r.token()).isEqualTo("caf\u00e9");
    }

    @Test
    void validUtf8WithTrailingNuls_decodes() {
        byte[] json = "{\"ID\":\"M:1\",\"ChunkOrder\":1}".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(json, json.length + 3));
        assertThat(subject.decode(b, ChunkAck.class)).isEqualTo(new ChunkAck("M:1", 1));
    }

    // ---- tolerance -----------------------------------------------------------------------------------------------

    @Test
    void unknownFields_areIgnored() {
        String extra = "\"Unknown\":{\"a\":[1,2,{\"b\":null}]},\"remainingLockoutDurationSec\":30,";
        assertThat(subject.decode(utf8("{" + extra + "\"Token\":\"t\"}"), LoginRequest.class))
                .isEqualTo(new LoginRequest("t"));
        assertThat(subject.decode(utf8("{" + extra + "\"Params\":{\"ID\":\"M\",\"X\":1},\"RequestID\":\"0510RfGhJk\"}"),
                SubscribeRequest.class)).isEqualTo(new SubscribeRequest("M", "0510RfGhJk"));
        assertThat(subject.decode(utf8("{" + extra + "\"Params\":{\"ID\":\"M\"},\"Query\":{},\"Action\":\"LAST::IGNORE\","
                + "\"Payload\":\"AQ==\"}"), AddDataRequest.class)).isEqualTo(
                        new AddDataRequest("M", MeasurementAction.LAST_IGNORE, buf(1), null, null, null, null, null));
        assertThat(subject.decode(utf8("{" + extra + "\"ID\":\"M:2\",\"ChunkOrder\":2}"), ChunkAck.class))
                .isEqualTo(new ChunkAck("M:2", 2));
        assertThat(subject.decode(utf8("{" + extra + "\"Code\":\"RATE_LIMIT\",\"Message\":\"m\"}"), ErrorBody.class))
                .isEqualTo(ErrorBody.of("RATE_LIMIT", "m"));
        MeasurementResult r = subject.decode(utf8("{" + extra + "\"MeasurementID\":\"M\",\"Multiplier\":10,"
                + "\"Channels\":{\"SNR\":{\"Channel\":\"c\",\"Data\":[1],\"Extra\":true}},"
                + "\"Error\":{\"Code\":\"OK\",\"Errors\":{},\"More\":1}}"), MeasurementResult.class);
        assertThat(r.channels().get("SNR")).isEqualTo(new SignalChannel("c", List.of(1L), List.of()));
        assertThat(r.multiplier()).isEqualTo(10L);
    }

    @Test
    void missingOptionalFields_areAllowed() {
        assertThat(subject.decode(utf8("{\"Params\":{\"ID\":\"M\"}}"), SubscribeRequest.class))
                .isEqualTo(new SubscribeRequest("M", ""));
        assertThat(subject.decode(utf8("{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\",\"Payload\":\"\"}"),
                AddDataRequest.class)).isEqualTo(new AddDataRequest("M", MeasurementAction.LAST_PROCESS, buf(), null,
                        null, null, null, null));
        assertThat(subject.decode(utf8("{}"), MeasurementResult.class))
                .isEqualTo(new MeasurementResult(null, null, null, 0, null, null, null));
        assertThat(subject.decode(utf8("{\"Code\":\"X\"}"), ErrorBody.class)).isEqualTo(new ErrorBody("X", null, null));
        assertThat(subject.decode(utf8("{}"), ErrorBody.class)).isEqualTo(new ErrorBody(null, null, null));
        assertThat(decodeMap(utf8("{}"))).isEmpty();
        MeasurementResult partial = subject.decode(utf8("{\"MeasurementDataID\":\"M:3\",\"Channels\":"
                + "{\"HR_BPM\":{\"Data\":[700000]}}}"), MeasurementResult.class);
        assertThat(partial.chunkOrder()).hasValue(3);
        assertThat(partial.channels().get("HR_BPM")).isEqualTo(new SignalChannel(null, List.of(700000L), null));
        assertThat(partial.error().isError()).isFalse();
    }

    @Test
    void nullOptionalFields_countAsAbsent() {
        AddDataRequest r = subject.decode(utf8("{\"Params\":{\"ID\":\"M\"},\"Action\":\"CHUNK::PROCESS\","
                + "\"ChunkOrder\":null,\"StartTime\":null,\"Meta\":null,\"Payload\":\"AQ==\"}"), AddDataRequest.class);
        assertThat(r.chunkOrder()).isNull();
        assertThat(r.startTime()).isNull();
        assertThat(r.meta()).isNull();
    }

    @Test
    void timingFields_acceptNumericStrings() {
        AddDataRequest r = subject.decode(utf8("{\"Params\":{\"ID\":\"M\"},\"Action\":\"CHUNK::PROCESS\","
                + "\"ChunkOrder\":3,\"StartTime\":\"15\",\"EndTime\":\"20.5\",\"Duration\":\"5.5\",\"Payload\":\"AQ==\"}"),
                AddDataRequest.class);
        assertThat(r.startTime()).isEqualTo(15.0);
        assertThat(r.endTime()).isEqualTo(20.5);
        assertThat(r.duration()).isEqualTo(5.5);
        assertThat(r.chunkOrder()).isEqualTo(3);
    }

    @Test
    void timingFields_acceptIntegerNumbers() {
        AddDataRequest r = subject.decode(utf8("{\"Params\":{\"ID\":\"M\"},\"Action\":\"FIRST::PROCESS\","
                + "\"StartTime\":0,\"EndTime\":5,\"Duration\":5,\"Payload\":\"AQ==\"}"), AddDataRequest.class);
        assertThat(r.startTime()).isEqualTo(0.0);
        assertThat(r.endTime()).isEqualTo(5.0);
        assertThat(r.duration()).isEqualTo(5.0);
    }

    @Test
    void payload_withoutPadding_isAccepted() {
        AddDataRequest r = subject.decode(utf8("{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\","
                + "\"Payload\":\"AQI\"}"), AddDataRequest.class);
        assertThat(r.payload()).isEqualTo(buf(1, 2));
    }

    // ---- payload sizes -------------------------------------------------------------------------------------------

    @Test
    void emptyPayload_roundTripsAsEmptyString() {
        AddDataRequest r = new AddDataRequest(M, MeasurementAction.LAST_PROCESS, buf(), 0, null, null, null, null);
        assertThat(wire(r).get("Payload")).isEqualTo("");
        AddDataRequest back = (AddDataRequest) decodeAs(r);
        assertThat(back.payload().remaining()).isZero();
        assertThat(back).isEqualTo(r);
    }

    @Test
    void oneMebibytePayload_roundTripsAndEncodesToExactBase64Size() {
        byte[] payload = randomBytes(1 << 20, 42);
        AddDataRequest r = new AddDataRequest(M, MeasurementAction.CHUNK_PROCESS, ByteBuffer.wrap(payload), 1, 5.0,
                10.0, 5.0, ByteBuffer.wrap(randomBytes(1000, 7)));
        ByteBuffer encoded = subject.encode(r, 14);
        long base64 = (payload.length + 2L) / 3 * 4;
        assertThat((long) encoded.remaining()).isBetween(14 + base64, 14 + base64 + 2000);
        assertAscii(encoded.duplicate().position(14));
        AddDataRequest back = subject.decode(encoded.position(14), AddDataRequest.class);
        assertThat(back).isEqualTo(r);
        assertThat(bytesOf(back.payload())).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6143, 6144, 6145, 65536, 100_001})
    void payloadsOfEveryLengthRemainder_matchTheJdkEncoder(int size) {
        byte[] payload = randomBytes(size, size);
        Map<?, ?> w = wire(new AddDataRequest(M, MeasurementAction.CHUNK_PROCESS, ByteBuffer.wrap(payload), null, null,
                null, null, null));
        assertThat(w.get("Payload")).isEqualTo(Base64.getEncoder().encodeToString(payload));
    }

    @Test
    void payloadView_isEncodedFromItsPositionWithoutMovingTheCallersBuffer() {
        ByteBuffer big = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 9});
        big.position(2).limit(5);
        AddDataRequest r = new AddDataRequest(M, MeasurementAction.LAST_PROCESS, big, null, null, null, null, null);
        assertThat(wire(r).get("Payload")).isEqualTo("AQID");
        assertThat(wire(r).get("Payload")).as("encoding twice gives the same bytes").isEqualTo("AQID");
        assertThat(big.position()).isEqualTo(2);
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
        assertThat(wire(new AddDataRequest(M, MeasurementAction.LAST_PROCESS, direct, null, null, null, null, null))
                .get("Payload")).isEqualTo("AQID");
    }

    // ---- input buffers -------------------------------------------------------------------------------------------

    @Test
    void decode_doesNotConsumeTheBuffer() {
        ByteBuffer b = subject.encode(new ChunkAck("M:1", 1), 0);
        int position = b.position();
        int limit = b.limit();
        assertThat(subject.decode(b, ChunkAck.class)).isEqualTo(new ChunkAck("M:1", 1));
        assertThat(subject.decode(b, ChunkAck.class)).isEqualTo(new ChunkAck("M:1", 1));
        assertThat(b.position()).isEqualTo(position);
        assertThat(b.limit()).isEqualTo(limit);
    }

    @Test
    void decode_readsHeapSlicesReadOnlyAndDirectBuffers() {
        byte[] json = "xx{\"ID\":\"M:2\",\"ChunkOrder\":2}yy".getBytes(StandardCharsets.US_ASCII);
        ChunkAck expected = new ChunkAck("M:2", 2);
        ByteBuffer window = ByteBuffer.wrap(json, 2, json.length - 4);
        assertThat(subject.decode(window, ChunkAck.class)).isEqualTo(expected);
        assertThat(subject.decode(window.slice(), ChunkAck.class)).isEqualTo(expected);
        assertThat(subject.decode(window.asReadOnlyBuffer(), ChunkAck.class)).isEqualTo(expected);
        ByteBuffer direct = ByteBuffer.allocateDirect(json.length).put(json).flip().position(2).limit(json.length - 2);
        assertThat(subject.decode(direct, ChunkAck.class)).isEqualTo(expected);
        assertThat(direct.position()).isEqualTo(2);
    }

    // ---- failures ------------------------------------------------------------------------------------------------

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of(named("empty", ""), LoginRequest.class),
                Arguments.of(named("only spaces", "   "), LoginRequest.class),
                Arguments.of(named("truncated", "{\"Token\":\"t\""), LoginRequest.class),
                Arguments.of(named("missing value", "{\"Token\":}"), LoginRequest.class),
                Arguments.of(named("bare word", "{\"Token\":tok}"), LoginRequest.class),
                Arguments.of(named("trailing garbage", "{\"Token\":\"t\"} x"), LoginRequest.class),
                Arguments.of(named("array, not object", "[{\"Token\":\"t\"}]"), LoginRequest.class),
                Arguments.of(named("string, not object", "\"t\""), LoginRequest.class),
                Arguments.of(named("null", "null"), Map.class),
                Arguments.of(named("number", "42"), Map.class),
                Arguments.of(named("Token missing", "{}"), LoginRequest.class),
                Arguments.of(named("Token a number", "{\"Token\":5}"), LoginRequest.class),
                Arguments.of(named("Token blank", "{\"Token\":\"  \"}"), LoginRequest.class),
                Arguments.of(named("Params missing", "{\"RequestID\":\"r\"}"), SubscribeRequest.class),
                Arguments.of(named("Params a string", "{\"Params\":\"M\"}"), SubscribeRequest.class),
                Arguments.of(named("Params.ID missing", "{\"Params\":{}}"), SubscribeRequest.class),
                Arguments.of(named("RequestID a number", "{\"Params\":{\"ID\":\"M\"},\"RequestID\":7}"),
                        SubscribeRequest.class),
                Arguments.of(named("Payload missing", "{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\"}"),
                        AddDataRequest.class),
                Arguments.of(named("Action missing", "{\"Params\":{\"ID\":\"M\"},\"Payload\":\"AQ==\"}"),
                        AddDataRequest.class),
                Arguments.of(named("Action unknown", "{\"Params\":{\"ID\":\"M\"},\"Action\":\"MIDDLE::PROCESS\","
                        + "\"Payload\":\"AQ==\"}"), AddDataRequest.class),
                Arguments.of(named("Payload a number", "{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\","
                        + "\"Payload\":12}"), AddDataRequest.class),
                Arguments.of(named("ChunkOrder a word", "{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\","
                        + "\"ChunkOrder\":\"x\",\"Payload\":\"AQ==\"}"), AddDataRequest.class),
                Arguments.of(named("ChunkOrder negative", "{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\","
                        + "\"ChunkOrder\":-1,\"Payload\":\"AQ==\"}"), AddDataRequest.class),
                Arguments.of(named("StartTime a word", "{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\","
                        + "\"StartTime\":\"soon\",\"Payload\":\"AQ==\"}"), AddDataRequest.class),
                Arguments.of(named("Duration an object", "{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\","
                        + "\"Duration\":{},\"Payload\":\"AQ==\"}"), AddDataRequest.class),
                Arguments.of(named("ChunkAck without ID", "{\"ChunkOrder\":1}"), ChunkAck.class),
                Arguments.of(named("ChunkAck without ChunkOrder", "{\"ID\":\"M:1\"}"), ChunkAck.class),
                Arguments.of(named("Channels an array", "{\"Channels\":[]}"), MeasurementResult.class),
                Arguments.of(named("Data holds a word", "{\"Channels\":{\"SNR\":{\"Data\":[\"x\"]}}}"),
                        MeasurementResult.class),
                Arguments.of(named("Data holds a fraction", "{\"Channels\":{\"SNR\":{\"Data\":[1.5]}}}"),
                        MeasurementResult.class),
                Arguments.of(named("Multiplier a word", "{\"Multiplier\":\"big\"}"), MeasurementResult.class),
                Arguments.of(named("Error a string", "{\"Error\":\"OK\"}"), MeasurementResult.class),
                Arguments.of(named("Code a number", "{\"Code\":401}"), ErrorBody.class),
                Arguments.of(named("Errors an array", "{\"Code\":\"X\",\"Errors\":[]}"), ErrorBody.class));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBody_throwsProtocolException(String json, Class<?> type) {
        assertThatThrownBy(() -> subject.decode(utf8(json), type)).isInstanceOf(DfxProtocolException.class)
                .hasMessageNotContaining("\"");
    }

    @Test
    void badJson_keepsTheParsersExceptionAsCause() {
        assertThatThrownBy(() -> subject.decode(utf8("{\"Token\":"), LoginRequest.class))
                .isInstanceOf(DfxProtocolException.class).cause().isNotNull();
    }

    @Test
    void failures_neverQuoteTokensOrPayloads() {
        String secret = "SECRETxTOKENx42";
        List<String> bodies = List.of("{\"Token\":" + secret + "}", "{\"Token\":\"" + secret + "\" \"x\"}",
                "{\"Token\":\"" + secret + "\"} " + secret,
                "{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\",\"Payload\":\"" + secret + "!!\"}",
                "{\"Params\":{\"ID\":\"M\"},\"Action\":\"" + secret + "\",\"Payload\":\"AQ==\"}",
                "{\"Params\":{\"ID\":\"M\"},\"Action\":\"LAST::PROCESS\",\"StartTime\":\"" + secret
                        + "\",\"Payload\":\"AQ==\"}");
        for (String json : bodies) {
            Class<?> type = json.contains("Params") ? AddDataRequest.class : LoginRequest.class;
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> subject.decode(utf8(json), type));
            assertThat(t).as(json).isInstanceOf(DfxProtocolException.class);
            assertThat(messages(t)).as(json).noneMatch(m -> m.contains(secret));
        }
    }

    @Test
    void encode_valuesJsonCannotCarry_throwIllegalArgument() {
        Map<String, Object> nan = new LinkedHashMap<>();
        nan.put("x", Double.NaN);
        assertThatThrownBy(() -> subject.encode(nan, 0)).isInstanceOf(IllegalArgumentException.class);
        Map<Object, Object> badKey = new LinkedHashMap<>();
        badKey.put(1, "x");
        assertThatThrownBy(() -> subject.encode(badKey, 0)).isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> badValue = new LinkedHashMap<>();
        badValue.put("x", new Object());
        assertThatThrownBy(() -> subject.encode(badValue, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }

    // ---- threads -------------------------------------------------------------------------------------------------

    @Test
    void oneCodec_servesConcurrentThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    for (int i = 0; i < 200; i++) {
                        byte[] payload = new byte[rnd.nextInt(5000)];
                        rnd.nextBytes(payload);
                        AddDataRequest r = new AddDataRequest(M, MeasurementAction.CHUNK_PROCESS,
                                ByteBuffer.wrap(payload), i, (double) i, i + 5.0, 5.0, null);
                        if (!r.equals(decodeAs(r)) || !finalResult().equals(decodeAs(finalResult()))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
