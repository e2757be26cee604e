package dev.dfx.core;

import dev.dfx.core.port.BodyCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One inbound message: a response frame's request id, status and body (docs/protocol.md §2.2). Immutable and
 * thread-safe; the body is decoded lazily by the client's {@link BodyCodec} and cached. {@link #toString()} shows
 * the body's size, never its bytes.
 */
public final class DfxMessage {
    private final RequestId requestId;
    private final int status;
    private final ByteBuffer body;
    private final BodyCodec codec;
    private volatile Map<String, Object> decoded;
    private volatile Object decodedValue;

    private DfxMessage(RequestId requestId, int status, ByteBuffer body, BodyCodec codec) {
        this.requestId = requestId;
        this.status = status;
        this.body = body;
        this.codec = codec;
    }

    /**
     * Wraps a decoded response. The client builds these; tests may too.
     *
     * @param requestId the frame's request id
     * @param status the 3-digit status, 0..999
     * @param body the body bytes from position to limit; kept as a read-only view, not copied
     * @param codec decodes the body on demand
     * @return the message
     */
    public static DfxMessage of(RequestId requestId, int status, ByteBuffer body, BodyCodec codec) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(codec, "codec");
        if (status < 0 || status > 999) {
            throw new IllegalArgumentException("status must be 0..999, got " + status);
        }
        return new DfxMessage(requestId, status, body.asReadOnlyBuffer().slice(), codec);
    }

    /** @return the request id the message answers (a subscription's id for measurement results) */
    public RequestId requestId() {
        return requestId;
    }

    /** @return the status, HTTP semantics (200 success, 400 or more an error) */
    public int status() {
        return status;
    }

    /**
     * @return the action of the request this answers, recovered from a JS-form request id (docs/protocol.md §2.1: its
     *     first four characters); empty for an id of another form
     */
    public Optional<ActionId> actionId() {
        return requestId.action();
    }

    /** @return true for a status of 400 or more (docs/protocol.md §6.2) */
    public boolean isError() {
        return status >= 400;
    }

    /** @return a fresh read-only view of the body bytes */
    public ByteBuffer rawBody() {
        return body.duplicate();
    }

    /** @return the body decoded as UTF-8 (docs/protocol.md §2.3) */
    public String bodyText() {
        return StandardCharsets.UTF_8.decode(body.duplicate()).toString();
    }

    /**
     * @return the body as an unmodifiable JSON tree, decoded on first use and cached
     * @throws dev.dfx.core.error.DfxProtocolException if the body is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> body() {
        Map<String, Object> d = decoded;
        if (d == null) {
            d = Collections.unmodifiableMap((Map<String, Object>) codec.decode(body.duplicate(), Map.class));
            decoded = d;
        }
        return d;
    }

    /**
     * The body as any JSON value: most answers are objects, but some are not, e.g. {@code 0501} Measurements.List
     * answers with an array (docs/protocol.md §2.2). Decoded on first use and cached.
     *
     * @return an unmodifiable {@code Map} or {@code List} tree, a {@code String}, {@code Number}, {@code Boolean},
     *     or null for JSON {@code null}
     * @throws dev.dfx.core.error.DfxProtocolException if the body is not JSON
     */
    public Object bodyValue() {
        Object v = decodedValue;
        if (v == null) {
            v = codec.decode(body.duplicate(), Object.class);
            decodedValue = v;
        }
        return v;
    }

    /**
     * Decodes the body as one of the codec's supported types (not cached).
     *
     * @param type e.g. {@link dev.dfx.core.body.ChunkAck}
     * @param <T> the type
     * @return the decoded body
     * @throws dev.dfx.core.error.DfxProtocolException if the body does not have that shape
     */
    public <T> T bodyAs(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return codec.decode(body.duplicate(), type);
    }

    @Override
    public String toString() {
        return "DfxMessage[requestId=" + requestId.value() + ", status=" + status + ", bodyBytes=" + body.remaining()
                + "]";
    }
}
