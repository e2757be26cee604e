package dev.dfx.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.frame.FrameCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The codec's AddData payload is exactly the JDK's standard base64 of the payload, at every size: below, at and
 * around multiples of the codec's encoding window (where its last window overlaps the one before), whatever the
 * buffer kind and position. Guards the encode path that {@link AddDataEncodeBenchmark} measures.
 */
class PayloadEncodingTest {
    private static final JacksonBodyCodec CODEC = JacksonBodyCodec.create();
    private static final byte[] PAYLOAD_KEY = ",\"Payload\":\"".getBytes(StandardCharsets.US_ASCII);

    @Property(tries = 400)
    void payloadField_isJdkBase64OfThePayload_forAnySizeBufferKindAndPosition(
            @ForAll @IntRange(max = 70_000) int size, @ForAll @IntRange(max = 7) int position,
            @ForAll boolean direct, @ForAll long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(position + size) : ByteBuffer.allocate(position + size);
        buf.position(position);
        buf.put(bytes);
        buf.position(position);

        ByteBuffer frame = Fixtures.addDataFrame(CODEC, buf);

        assertThat(payloadField(frame)).isEqualTo(Base64.getEncoder().encodeToString(bytes));
        assertThat(frame.position()).isZero();
        assertThat(buf.position()).as("the caller's buffer is not moved").isEqualTo(position);
    }

    @Property(tries = 60)
    void payloadField_isJdkBase64_atWindowBoundaries(@ForAll @IntRange(min = 1, max = 24) int windows,
                                                     @ForAll @IntRange(min = -4, max = 4) int delta) {
        int size = Math.max(0, windows * 3 * 1024 + delta);
        byte[] bytes = Fixtures.payload(size);

        ByteBuffer frame = Fixtures.addDataFrame(CODEC, ByteBuffer.wrap(bytes));

        assertThat(payloadField(frame)).isEqualTo(Base64.getEncoder().encodeToString(bytes));
    }

    /** The text between {@code "Payload":"} and the closing {@code "}}. */
    private static String payloadField(ByteBuffer frame) {
        byte[] f = new byte[frame.remaining()];
        frame.duplicate().get(f);
        String s = new String(f, FrameCodec.REQUEST_HEADER_BYTES, f.length - FrameCodec.REQUEST_HEADER_BYTES,
                StandardCharsets.US_ASCII);
        String key = new String(PAYLOAD_KEY, StandardCharsets.US_ASCII);
        int start = s.indexOf(key);
        assertThat(start).as("Payload field").isPositive();
        assertThat(s).endsWith("\"}");
        return s.substring(start + key.length(), s.length() - 2);
    }
}
