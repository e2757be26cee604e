package dev.dfx.codec.json;

import dev.dfx.codec.json.internal.BodyReader;
import dev.dfx.codec.json.internal.BodyWriter;
import dev.dfx.core.port.BodyCodec;
import java.nio.ByteBuffer;
import java.util.Objects;
import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link BodyCodec} for the {@code json} subprotocol (docs/protocol.md §1.2), on Jackson 3.
 *
 * <p><b>Encoding</b> writes compact JSON with the wire's field names, ASCII only: every non-ASCII character is
 * escaped as {@code \\uXXXX}, so every client decodes it alike (docs/protocol.md §2.3). Optional fields that are null are
 * left out. Supported bodies: the records of {@link dev.dfx.core.body} and {@code Map<String, ?>} trees whose values
 * are {@code null}, {@code String}, {@code Boolean}, {@code Number} ({@code Integer}, {@code Long}, {@code Short},
 * {@code Byte}, {@code Double}, {@code Float}, {@code BigInteger}, {@code BigDecimal}), {@code List} or
 * {@code Map}. An {@link dev.dfx.core.body.AddDataRequest}'s payload is base64-encoded (standard alphabet, padded,
 * no line feeds) straight into the output, last, without a copy of the whole payload; the output array is sized
 * up front and wrapped without a copy.
 *
 * <p><b>Decoding</b> reads UTF-8; bytes that are not valid UTF-8 are read as ISO-8859-1, and trailing NUL bytes are
 * dropped (docs/protocol.md §2.3). It is tolerant: unknown fields are ignored, and an optional field that is missing or
 * {@code null} counts as absent (the records normalise it). {@code StartTime}, {@code EndTime} and {@code Duration}
 * accept numbers and numeric strings (docs/protocol.md §4.1); integer fields accept numbers with an integral value.
 * {@code Map.class} yields an unmodifiable, insertion-ordered {@code Map<String, Object>} whose values are
 * {@code String}, {@code Long} (integers; {@code BigInteger} beyond the long range), {@code Double} (any number with
 * a fraction or exponent), {@code Boolean}, {@code null}, unmodifiable {@code List}s and such maps.
 * {@code Object.class} yields any JSON value in the same form, so an array body (the {@code 0501} answer,
 * docs/protocol.md §2.2) decodes without error. Anything else
 * that is wrong (not JSON, not an object, a field of the wrong type, a required field missing, bad base64) fails
 * with a {@link dev.dfx.core.error.DfxProtocolException} that names the type and field, never the body's content,
 * and keeps the parser's exception as the cause (Jackson is set to quote none of the content in it).
 *
 * <p>Acks, results and error bodies ({@link dev.dfx.core.body.ChunkAck}, {@link dev.dfx.core.body.MeasurementResult},
 * {@link dev.dfx.core.body.ErrorBody}), which arrive on every chunk, are read with Jackson's streaming parser straight
 * into the records; a body that is not plain (any error, a repeated field, an integer written as {@code 10000.0}, not
 * UTF-8...) is read again through a JSON tree, which decides it exactly as described above. Either way the result,
 * or the exception and its message, is the same.
 *
 * <p><b>Threading:</b> thread-safe; one instance (one configured {@link JsonMapper}) serves any number of threads.
 * Its only mutable state is a 7 KiB pair of scratch arrays for AddData's base64 and a 4 KiB array into which a
 * read-only body is copied for the parser, each reused from call to call and handed over atomically (a concurrent
 * call makes its own), so that a frame allocates little more than itself. <b>Logging:</b> DEBUG through {@link System.Logger} when a body falls back to
 * ISO-8859-1; never a body's content.
 */
public final class JacksonBodyCodec implements BodyCodec {
    /** The subprotocol this codec speaks. */
    public static final String SUBPROTOCOL = "json";

    private final BodyWriter writer;
    private final BodyReader reader;

    private JacksonBodyCodec(JsonFactory factory, JsonMapper mapper) {
        this.writer = new BodyWriter(factory);
        this.reader = new BodyReader(mapper);
    }

    /** @return a codec; cheap to keep, so make one and share it */
    public static JacksonBodyCodec create() {
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                // AddData's payload is appended after the generator is done; the generator must not close the object
                .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
                // parser messages quote no content: a body may hold a token or payload bytes (docs/style.md §5)
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(0).maxRawContentLength(0).build())
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        return new JacksonBodyCodec(factory, mapper);
    }

    /** @return {@code "json"} */
    @Override
    public String subprotocol() {
        return SUBPROTOCOL;
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if body is null
     * @throws IllegalArgumentException if headroom is negative, the body type is not supported, or a value cannot
     *     be written as JSON (NaN, infinity, a non-string map key, a map tree deeper than 200 levels)
     */
    @Override
    public ByteBuffer encode(Object body, int headroom) {
        Objects.requireNonNull(body, "body");
        if (headroom < 0) {
            throw new IllegalArgumentException("headroom must be 0 or more, got " + headroom);
        }
        return writer.write(body, headroom);
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if body or type is null
     */
    @Override
    public <T> T decode(ByteBuffer body, Class<T> type) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(type, "type");
        if (!BodyReader.supports(type)) {
            throw new IllegalArgumentException("unsupported type " + type.getName()
                    + "; supported: the records of dev.dfx.core.body, Map and Object");
        }
        return reader.read(body, type);
    }

    @Override
    public String toString() {
        return "JacksonBodyCodec[" + SUBPROTOCOL + "]";
    }
}
