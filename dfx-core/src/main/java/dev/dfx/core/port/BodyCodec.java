package dev.dfx.core.port;

import java.nio.ByteBuffer;

/**
 * Driven port: turns message bodies (the JSON part of a frame, docs/protocol.md §2) into bytes and back. It knows nothing
 * of sockets or frame envelopes. Implementations are thread-safe and stateless.
 *
 * <p>Supported body types, both ways: the records of {@link dev.dfx.core.body} and {@code Map<String, ?>} trees
 * whose values are {@code null}, {@code String}, {@code Boolean}, {@code Number}, {@code List} or {@code Map}.
 * Decoding also supports {@code Object.class}: any JSON value (an array body such as {@code 0501}'s, docs/protocol.md
 * §2.2), as such a tree or a scalar.
 * Encoding writes ASCII-only JSON (non-ASCII escaped as {@code \\uXXXX}, docs/protocol.md §2.3). Decoding accepts UTF-8
 * (and, per §2.3, falls back to ISO-8859-1 for invalid UTF-8), ignores unknown fields and allows missing optional
 * ones.
 */
public interface BodyCodec {

    /** @return the WebSocket subprotocol that names this encoding, e.g. {@code "json"} */
    String subprotocol();

    /**
     * Encodes one body into a new buffer, leaving {@code headroom} zero bytes in front of it for the frame header, so
     * the frame is built without copying the body.
     *
     * @param body a supported body
     * @param headroom bytes to leave free at the start (0 or more)
     * @return a buffer positioned at 0 whose limit is {@code headroom} plus the body's length
     * @throws IllegalArgumentException if the body type is not supported
     */
    ByteBuffer encode(Object body, int headroom);

    /**
     * Decodes one body.
     *
     * @param body the bytes from position to limit (not consumed)
     * @param type a supported body type, {@code Map.class} for a generic object tree, or {@code Object.class} for any
     *     JSON value
     * @param <T> the type
     * @return the decoded value
     * @throws dev.dfx.core.error.DfxProtocolException if the bytes are not JSON of that shape (for
     *     {@code Object.class}: not JSON at all)
     * @throws IllegalArgumentException if the type is not supported
     */
    <T> T decode(ByteBuffer body, Class<T> type);
}
