package dev.dfx.core.frame;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import dev.dfx.core.error.DfxProtocolException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FrameCodec}: byte-exact frames of docs/protocol.md §2, using the literal examples of §7. */
class FrameCodecTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    // ---- docs/protocol.md §7, literally ----

    @Test
    void encodeRequest_loginFrameOfSection7_isByteExact() {
        String body = "{\"Token\":\"eyJhbGciOi...\"}";

        ByteBuffer frame = FrameCodec.encodeRequest(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN,
                new RequestId("0718mKqTzB"), ascii(body));

        byte[] bytes = bytes(frame);
        assertThat(HEX.formatHex(bytes, 0, 14)).isEqualTo("30 37 31 38 30 37 31 38 6d 4b 71 54 7a 42");
        assertThat(new String(bytes, US_ASCII)).isEqualTo("0718" + "0718mKqTzB" + body);
        assertThat(frame.position()).isZero();
        assertThat(frame.remaining()).isEqualTo(14 + body.length());
    }

    @Test
    void encodeRequest_subscribeAndAddDataFramesOfSection7_areByteExact() {
        String subscribe = "{\"Params\":{\"ID\":\"M\"},\"RequestID\":\"0510RfGhJk\"}";
        byte[] s = bytes(FrameCodec.encodeRequest(ActionId.MEASUREMENTS_SUBSCRIBE, new RequestId("0510RfGhJk"),
                ascii(subscribe)));
        assertThat(HEX.formatHex(s, 0, 14)).isEqualTo("30 35 31 30 30 35 31 30 52 66 47 68 4a 6b");
        assertThat(Arrays.copyOfRange(s, 14, s.length)).isEqualTo(subscribe.getBytes(US_ASCII));

        byte[] a = bytes(FrameCodec.encodeRequest(ActionId.MEASUREMENTS_ADD_DATA, new RequestId("0506AbCdEf"),
                ascii("{}")));
        assertThat(HEX.formatHex(a)).isEqualTo("30 35 30 36 30 35 30 36 41 62 43 64 45 66 7b 7d");
    }

    @Test
    void decodeResponse_loginReplyOfSection7_isRequestIdStatus200AndEmptyObject() {
        ByteBuffer wire = ByteBuffer.wrap(HEX.parseHex("30 37 31 38 6d 4b 71 54 7a 42 32 30 30 7b 7d"));

        ResponseFrame frame = FrameCodec.decodeResponse(wire);

        assertThat(frame.requestId()).isEqualTo(new RequestId("0718mKqTzB"));
        assertThat(frame.requestId().action()).contains(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
        assertThat(frame.status()).isEqualTo(200);
        assertThat(frame.isError()).isFalse();
        assertThat(string(frame.body())).isEqualTo("{}");
        assertThat(wire.position()).as("input not consumed").isZero();
    }

    @Test
    void encodeResponse_loginReplyOfSection7_isByteExact() {
        byte[] bytes = bytes(FrameCodec.encodeResponse(new RequestId("0718mKqTzB"), 200, ascii("{}")));

        assertThat(HEX.formatHex(bytes)).isEqualTo("30 37 31 38 6d 4b 71 54 7a 42 32 30 30 7b 7d");
    }

    @Test
    void encodeResponse_ackOfSection7_isByteExact() {
        String body = "{\"ID\":\"M:0\",\"ChunkOrder\":0}";
        byte[] bytes = bytes(FrameCodec.encodeResponse(new RequestId("0506AbCdEf"), 200, ascii(body)));

        assertThat(HEX.formatHex(bytes, 0, 14)).isEqualTo("30 35 30 36 41 62 43 64 45 66 32 30 30 7b");
        assertThat(new String(bytes, US_ASCII)).isEqualTo("0506AbCdEf200" + body);
    }

    @Test
    void errorExampleOfSection7_429RateLimit_roundTripsByteExact() {
        String body = "{\"Code\":\"RATE_LIMIT\",\"Message\":\"...\"}";
        byte[] bytes = bytes(FrameCodec.encodeResponse(new RequestId("0506AbCdEf"), 429, ascii(body)));
        assertThat(HEX.formatHex(bytes, 0, 14)).isEqualTo("30 35 30 36 41 62 43 64 45 66 34 32 39 7b");

        ResponseFrame frame = FrameCodec.decodeResponse(ByteBuffer.wrap(bytes));

        assertThat(frame.requestId().value()).isEqualTo("0506AbCdEf");
        assertThat(frame.status()).isEqualTo(429);
        assertThat(frame.isError()).isTrue();
        assertThat(string(frame.body())).isEqualTo(body);
    }

    @Test
    void decodeRequest_pythonTextLoginOfSection7_decodesFromUtf8() {
        String text = "0718kQzXaBcDeF{\"Token\": \"eyJ...\"}";
        assertThat(HEX.formatHex(text.getBytes(UTF_8), 0, 14))
                .isEqualTo("30 37 31 38 6b 51 7a 58 61 42 63 44 65 46");

        RequestFrame frame = FrameCodec.decodeRequest(text);

        assertThat(frame.actionId()).isSameAs(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
        assertThat(frame.requestId().value()).isEqualTo("kQzXaBcDeF");
        assertThat(frame.requestId().action()).isEmpty();
        assertThat(string(frame.body())).isEqualTo("{\"Token\": \"eyJ...\"}");
    }

    @Test
    void decodeRequest_loginFrameOfSection7_decodesEveryField() {
        String body = "{\"Token\":\"eyJhbGciOi...\"}";
        RequestFrame frame = FrameCodec.decodeRequest(ascii("0718" + "0718mKqTzB" + body));

        assertThat(frame.actionId()).isSameAs(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
        assertThat(frame.requestId()).isEqualTo(new RequestId("0718mKqTzB"));
        assertThat(string(frame.body())).isEqualTo(body);
    }

    // ---- text frames ----

    @Test
    void decodeResponse_textFrame_decodesFromUtf8IncludingNonAsciiBody() {
        ResponseFrame frame = FrameCodec.decodeResponse("0510RfGhJk200{\"Message\":\"caf\u00e9\"}");

        assertThat(frame.requestId().value()).isEqualTo("0510RfGhJk");
        assertThat(frame.status()).isEqualTo(200);
        assertThat(new String(bytes(frame.body()), UTF_8)).isEqualTo("{\"Message\":\"caf\u00e9\"}");
    }

    @Test
    void decode_textFrameWithNonAsciiInId_throwsDfxProtocolException() {
        assertThatThrownBy(() -> FrameCodec.decodeRequest("0718kQzXaBc\u00e9F{}"))
                .isInstanceOf(DfxProtocolException.class).hasMessageContaining("request id byte");
        assertThatThrownBy(() -> FrameCodec.decodeResponse("0718kQzXa\u00e9F200{}"))
                .isInstanceOf(DfxProtocolException.class).hasMessageContaining("request id byte");
    }

    @Test
    void decode_textFrameWithArabicIndicDigitsInAction_throwsDfxProtocolException() {
        assertThatThrownBy(() -> FrameCodec.decodeRequest("\u0660718kQzXaBcDeF{}"))
                .isInstanceOf(DfxProtocolException.class).hasMessageContaining("action id byte 0");
    }

    // ---- headroom ----

    @Test
    void writeRequestHeader_writesIntoHeadroomWithoutMovingPosition() {
        String body = "{\"Params\":{\"ID\":\"M\"}}";
        ByteBuffer frame = ByteBuffer.allocate(FrameCodec.REQUEST_HEADER_BYTES + body.length());
        frame.position(FrameCodec.REQUEST_HEADER_BYTES);
        frame.put(body.getBytes(US_ASCII));
        frame.flip();

        ByteBuffer returned = FrameCodec.writeRequestHeader(frame, ActionId.MEASUREMENTS_SUBSCRIBE,
                new RequestId("0510RfGhJk"));

        assertThat(returned).isSameAs(frame);
        assertThat(frame.position()).isZero();
        assertThat(frame.limit()).isEqualTo(14 + body.length());
        assertThat(string(frame)).isEqualTo("05100510RfGhJk" + body);
    }

    @Test
    void writeRequestHeader_atNonZeroPosition_writesFromThatPosition() {
        ByteBuffer buf = ByteBuffer.wrap("xxxxx..............{}yyy".getBytes(US_ASCII));
        buf.position(5).limit(21);

        FrameCodec.writeRequestHeader(buf, ActionId.GENERAL_STATUS, new RequestId("0100abcdef"));

        assertThat(buf.position()).isEqualTo(5);
        assertThat(new String(buf.array(), US_ASCII)).isEqualTo("xxxxx01000100abcdef{}yyy");
        assertThat(FrameCodec.decodeRequest(buf).actionId()).isSameAs(ActionId.GENERAL_STATUS);
    }

    @Test
    void writeRequestHeader_withoutRoom_throwsIllegalArgumentException() {
        ByteBuffer small = ByteBuffer.allocate(13);

        assertThatThrownBy(() -> FrameCodec.writeRequestHeader(small, ActionId.GENERAL_STATUS,
                new RequestId("0100abcdef"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame");
        assertThat(small.array()).containsOnly(0);
    }

    @Test
    void nullArguments_throwNullPointerExceptionNamingThem() {
        RequestId id = new RequestId("0100abcdef");
        ByteBuffer body = ascii("{}");
        assertThatThrownBy(() -> FrameCodec.encodeRequest(null, id, body)).hasMessage("actionId");
        assertThatThrownBy(() -> FrameCodec.encodeRequest(ActionId.GENERAL_STATUS, null, body))
                .hasMessage("requestId");
        assertThatThrownBy(() -> FrameCodec.encodeRequest(ActionId.GENERAL_STATUS, id, null)).hasMessage("body");
        assertThatThrownBy(() -> FrameCodec.encodeResponse(null, 200, body)).hasMessage("requestId");
        assertThatThrownBy(() -> FrameCodec.encodeResponse(id, 200, null)).hasMessage("body");
        assertThatThrownBy(() -> FrameCodec.decodeRequest((ByteBuffer) null)).hasMessage("frame");
        assertThatThrownBy(() -> FrameCodec.decodeResponse((String) null)).hasMessage("frame");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void encodeResponse_statusOutside0To999_throwsIllegalArgumentException(int status) {
        assertThatThrownBy(() -> FrameCodec.encodeResponse(new RequestId("0100abcdef"), status, ascii("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 42, 200, 304, 999})
    void encodeResponse_statusIsZeroPaddedToThreeDigits(int status) {
        byte[] bytes = bytes(FrameCodec.encodeResponse(new RequestId("0100abcdef"), status, ascii("")));

        assertThat(new String(bytes, US_ASCII)).isEqualTo("0100abcdef" + String.format("%03d", status));
    }

    // ---- bodies are views, inputs are not consumed ----

    @Test
    void encodeRequest_doesNotConsumeTheBody() {
        ByteBuffer body = ByteBuffer.wrap("..{}".getBytes(US_ASCII));
        body.position(2);

        ByteBuffer frame = FrameCodec.encodeRequest(ActionId.GENERAL_STATUS, new RequestId("0100abcdef"), body);

        assertThat(body.position()).isEqualTo(2);
        assertThat(string(frame)).isEqualTo("01000100abcdef{}");
    }

    @Test
    void decodeRequest_atNonZeroPosition_decodesFromPositionAndReturnsReadOnlyBodyView() {
        byte[] raw = "garbage05060506AbCdEf{\"a\":1}".getBytes(US_ASCII);
        ByteBuffer in = ByteBuffer.wrap(raw);
        in.position(7);

        RequestFrame frame = FrameCodec.decodeRequest(in);

        assertThat(in.position()).isEqualTo(7);
        assertThat(frame.actionId()).isSameAs(ActionId.MEASUREMENTS_ADD_DATA);
        assertThat(frame.requestId().value()).isEqualTo("0506AbCdEf");
        assertThat(string(frame.body())).isEqualTo("{\"a\":1}");
        assertThat(frame.body().isReadOnly()).isTrue();
        assertThatThrownBy(() -> frame.body().put((byte) 0)).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(frame.body().position()).as("each call gives a fresh view").isZero();
    }

    @Test
    void frames_toString_showSizesNotBodyBytes() {
        RequestFrame request = FrameCodec.decodeRequest("07180718mKqTzB{\"Token\":\"secret-token\"}");
        ResponseFrame response = FrameCodec.decodeResponse("0718mKqTzB401{\"Message\":\"secret-token\"}");

        assertThat(request.toString()).doesNotContain("secret").contains("0718", "0718mKqTzB", "24 bytes");
        assertThat(response.toString()).doesNotContain("secret").contains("0718mKqTzB", "401");
    }

    @Test
    void responseFrame_statusOutOfRange_isRejected() {
        assertThatThrownBy(() -> new ResponseFrame(new RequestId("0100abcdef"), 1000, ByteBuffer.allocate(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
    }

    // ---- malformed input ----

    @Property
    void decodeRequest_everyLengthBelow14_throwsDfxProtocolException(@ForAll @IntRange(min = 0, max = 13) int len) {
        ByteBuffer frame = ascii("05060506AbCdEf".substring(0, len));

        assertThatThrownBy(() -> FrameCodec.decodeRequest(frame)).isInstanceOf(DfxProtocolException.class)
                .hasMessageContaining("too short").hasMessageContaining(len + " bytes");
    }

    @Property
    void decodeResponse_everyLengthBelow13_throwsDfxProtocolException(@ForAll @IntRange(min = 0, max = 12) int len) {
        ByteBuffer frame = ascii("0506AbCdEf200".substring(0, len));

        assertThatThrownBy(() -> FrameCodec.decodeResponse(frame)).isInstanceOf(DfxProtocolException.class)
                .hasMessageContaining("too short").hasMessageContaining(len + " bytes");
    }

    @Test
    void decode_exactlyHeaderLength_hasEmptyBody() {
        assertThat(FrameCodec.decodeRequest("05060506AbCdEf").body().remaining()).isZero();
        assertThat(FrameCodec.decodeResponse("0506AbCdEf200").body().remaining()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a5060506AbCdEf{}", "05 60506AbCdEf{}", "050-0506AbCdEf{}", "050/0506AbCdEf{}",
        "050:0506AbCdEf{}"})
    void decodeRequest_nonDigitAction_throwsDfxProtocolException(String frame) {
        assertThatThrownBy(() -> FrameCodec.decodeRequest(frame)).isInstanceOf(DfxProtocolException.class)
                .hasMessageContaining("action id byte");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0506AbCdEf2O0{}", "0506AbCdEf 200", "0506AbCdEf-20{}", "0506AbCdEf20:{}"})
    void decodeResponse_nonDigitStatus_throwsDfxProtocolException(String frame) {
        assertThatThrownBy(() -> FrameCodec.decodeResponse(frame)).isInstanceOf(DfxProtocolException.class)
                .hasMessageContaining("status byte");
    }

    @Property
    void decode_controlOrHighByteInId_throwsDfxProtocolException(
            @ForAll @IntRange(min = 0, max = 9) int at, @ForAll("nonPrintableByte") byte bad) {
        byte[] request = "05060506AbCdEf{}".getBytes(US_ASCII);
        request[4 + at] = bad;
        byte[] response = "0506AbCdEf200{}".getBytes(US_ASCII);
        response[at] = bad;

        assertThatThrownBy(() -> FrameCodec.decodeRequest(ByteBuffer.wrap(request)))
                .isInstanceOf(DfxProtocolException.class).hasMessageContaining("request id byte " + at);
        assertThatThrownBy(() -> FrameCodec.decodeResponse(ByteBuffer.wrap(response)))
                .isInstanceOf(DfxProtocolException.class).hasMessageContaining("request id byte " + at);
    }

    @Provide
    Arbitrary<Byte> nonPrintableByte() {
        return Arbitraries.oneOf(Arbitraries.bytes().between((byte) 0, (byte) 0x1f),
                Arbitraries.just((byte) 0x7f), Arbitraries.bytes().between(Byte.MIN_VALUE, (byte) -1));
    }

    @Property
    void decode_highByteInActionOrStatus_throwsDfxProtocolException(
            @ForAll @IntRange(min = 0, max = 2) int at,
            @ForAll("nonPrintableByte") byte bad) {
        byte[] request = "05060506AbCdEf{}".getBytes(US_ASCII);
        request[at] = bad;
        byte[] response = "0506AbCdEf200{}".getBytes(US_ASCII);
        response[10 + at] = bad;

        assertThatThrownBy(() -> FrameCodec.decodeRequest(ByteBuffer.wrap(request)))
                .isInstanceOf(DfxProtocolException.class).hasMessageContaining("action id byte " + at);
        assertThatThrownBy(() -> FrameCodec.decodeResponse(ByteBuffer.wrap(response)))
                .isInstanceOf(DfxProtocolException.class).hasMessageContaining("status byte " + at);
    }

    @Property(tries = 2000)
    void decodeRequest_anyBytes_eitherDecodesCanonicallyOrThrowsDfxProtocolException(
            @ForAll("framesNearlyValid") byte[] raw) {
        Throwable thrown = catchThrowable(() -> {
            RequestFrame frame = FrameCodec.decodeRequest(ByteBuffer.wrap(raw));
            // A frame that decodes re-encodes to exactly the same bytes.
            assertThat(bytes(FrameCodec.encodeRequest(frame.actionId(), frame.requestId(), frame.body())))
                    .isEqualTo(raw);
        });
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(DfxProtocolException.class));
        coverBothOutcomes(thrown);
    }

    @Property(tries = 2000)
    void decodeResponse_anyBytes_eitherDecodesCanonicallyOrThrowsDfxProtocolException(
            @ForAll("framesNearlyValid") byte[] raw) {
        Throwable thrown = catchThrowable(() -> {
            ResponseFrame frame = FrameCodec.decodeResponse(ByteBuffer.wrap(raw));
            assertThat(bytes(FrameCodec.encodeResponse(frame.requestId(), frame.status(), frame.body())))
                    .isEqualTo(raw);
        });
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(DfxProtocolException.class));
        coverBothOutcomes(thrown);
    }

    @Property(tries = 500)
    void decode_anyString_eitherDecodesOrThrowsDfxProtocolException(@ForAll String text) {
        Throwable request = catchThrowable(() -> FrameCodec.decodeRequest(text));
        Throwable response = catchThrowable(() -> FrameCodec.decodeResponse(text));

        assertThat(request).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(DfxProtocolException.class));
        assertThat(response).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(DfxProtocolException.class));
    }

    /** Both branches of the property above must really be exercised. */
    private static void coverBothOutcomes(Throwable thrown) {
        Statistics.label("outcome").collect(thrown == null ? "decoded" : "rejected");
        Statistics.label("outcome").coverage(c -> {
            c.check("decoded").percentage(p -> p > 5);
            c.check("rejected").percentage(p -> p > 5);
        });
    }

    /** Fully random bytes, valid headers with one byte replaced, and valid frames, so both outcomes occur. */
    @Provide
    Arbitrary<byte[]> framesNearlyValid() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> mutated = Combinators.combine(
                Arbitraries.of("05060506AbCdEf{}", "0506AbCdEf200{}", "0718mKqTzB429", "99990123456789"),
                Arbitraries.integers().between(0, 15), Arbitraries.bytes())
                .as((s, at, b) -> {
                    byte[] r = s.getBytes(US_ASCII);
                    r[at % r.length] = b;
                    return r;
                });
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(3).ofMaxLength(4);
        Arbitrary<String> printableId = Arbitraries.strings().withCharRange(' ', '~').ofLength(10);
        Arbitrary<byte[]> valid = Combinators.combine(digits, printableId, Arbitraries.of("", "{}", "\u00e9"))
                .as((d, id, body) -> (d.length() == 4 ? d + id : id + d) + body)
                .map(s -> s.getBytes(UTF_8));
        return Arbitraries.oneOf(random, mutated, valid);
    }

    // ---- round trips ----

    @Property
    void request_encodeThenDecode_roundTrips(@ForAll @IntRange(min = 0, max = 9999) int action,
                                             @ForAll @StringLength(10) @CharRange(from = ' ', to = '~') String id,
                                             @ForAll @Size(max = 300) byte[] body) {
        ActionId actionId = ActionId.of(String.format("%04d", action));
        RequestId requestId = new RequestId(id);

        ByteBuffer wire = FrameCodec.encodeRequest(actionId, requestId, ByteBuffer.wrap(body));
        RequestFrame frame = FrameCodec.decodeRequest(wire);

        assertThat(wire.remaining()).isEqualTo(FrameCodec.REQUEST_HEADER_BYTES + body.length);
        assertThat(frame.actionId()).isEqualTo(actionId);
        assertThat(frame.requestId()).isEqualTo(requestId);
        assertThat(bytes(frame.body())).isEqualTo(body);
        assertThat(frame).isEqualTo(new RequestFrame(actionId, requestId, ByteBuffer.wrap(body)));
    }

    @Property
    void response_encodeThenDecode_roundTrips(@ForAll @StringLength(10) @CharRange(from = ' ', to = '~') String id,
                                              @ForAll @IntRange(min = 0, max = 999) int status,
                                              @ForAll @Size(max = 300) byte[] body) {
        RequestId requestId = new RequestId(id);

        ByteBuffer wire = FrameCodec.encodeResponse(requestId, status, ByteBuffer.wrap(body));
        ResponseFrame frame = FrameCodec.decodeResponse(wire);

        assertThat(wire.remaining()).isEqualTo(FrameCodec.RESPONSE_HEADER_BYTES + body.length);
        assertThat(frame.requestId()).isEqualTo(requestId);
        assertThat(frame.status()).isEqualTo(status);
        assertThat(frame.isError()).isEqualTo(status >= 400);
        assertThat(bytes(frame.body())).isEqualTo(body);
    }

    @Property
    void request_headerWrittenIntoHeadroom_equalsEncodedFrame(
            @ForAll @IntRange(min = 0, max = 9999) int action,
            @ForAll @StringLength(10) @CharRange(from = ' ', to = '~') String id,
            @ForAll @Size(max = 100) byte[] body) {
        ActionId actionId = ActionId.of(String.format("%04d", action));
        RequestId requestId = new RequestId(id);
        ByteBuffer withHeadroom = ByteBuffer.allocate(FrameCodec.REQUEST_HEADER_BYTES + body.length);
        withHeadroom.position(FrameCodec.REQUEST_HEADER_BYTES).put(body).flip();

        FrameCodec.writeRequestHeader(withHeadroom, actionId, requestId);

        assertThat(withHeadroom.position()).isZero();
        assertThat(bytes(withHeadroom))
                .isEqualTo(bytes(FrameCodec.encodeRequest(actionId, requestId, ByteBuffer.wrap(body))));
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(US_ASCII));
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static String string(ByteBuffer b) {
        return new String(bytes(b), US_ASCII);
    }
}
