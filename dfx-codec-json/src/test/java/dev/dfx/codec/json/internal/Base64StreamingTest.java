package dev.dfx.codec.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Base64 of payload views at every window edge, against the JDK encoder (reused scratch windows, last overlap). */
class Base64StreamingTest {
    private static byte[][] scratch() {
        return new byte[][] {new byte[BodyWriter.CHUNK], new byte[BodyWriter.CHUNK / 3 * 4]};
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, BodyWriter.CHUNK - 1, BodyWriter.CHUNK,
        BodyWriter.CHUNK + 1, BodyWriter.CHUNK + 2, 2 * BodyWriter.CHUNK + 1, 16 * BodyWriter.CHUNK - 1, 16 * BodyWriter.CHUNK, 16 * BodyWriter.CHUNK + 2,
        16 * BodyWriter.CHUNK + 4, 1 << 20})
    void encodeBase64_matchesJdkAndFillsExactlyTheComputedLength(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        ByteBuffer src = ByteBuffer.wrap(data).asReadOnlyBuffer();
        ByteSink sink = new ByteSink(3, 3 + (int) BodyWriter.base64Length(n));
        int capacity = sink.array().length;

        BodyWriter.encodeBase64(src, sink, scratch());

        String expected = Base64.getEncoder().encodeToString(data);
        assertThat(sink.size() - 3L).isEqualTo(BodyWriter.base64Length(n)).isEqualTo(expected.length());
        assertThat(new String(sink.array(), 3, sink.size() - 3, StandardCharsets.US_ASCII)).isEqualTo(expected);
        assertThat(sink.array()).as("no growth: sized exactly").hasSize(Math.max(capacity, 16));
        assertThat(src.hasRemaining()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 70_000, 300_001})
    void encodeBase64_readsADirectBufferInChunks(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(n).put(data).flip();
        ByteSink sink = new ByteSink(0, 4);
        BodyWriter.encodeBase64(direct, sink, scratch());
        assertThat(new String(sink.array(), 0, sink.size(), StandardCharsets.US_ASCII))
                .isEqualTo(Base64.getEncoder().encodeToString(data));
    }
}
