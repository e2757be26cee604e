package dev.dfx.testkit.server;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One data frame the fake server received or sent, as it was on the wire. Immutable; {@link #toString()} shows the
 * header fields and the size, never the bytes (a frame may hold a token or payload). A server built with a
 * metadata-only {@link Recording} keeps frames without their bytes ({@link #bytesDropped()}): the header fields, the
 * size and the time stay.
 *
 * @param connectionId the server's id of the connection, from 1 in accept order
 * @param direction received from the client or sent to it
 * @param opcode binary or text
 * @param bytes the whole frame (copied in and out), or empty if the recording dropped the bytes
 * @param action received: the frame's action if its header is well formed; sent: the action of the request it
 *     answers ({@code 0510} for a result push); else null
 * @param requestId the request id of a well-formed header (for a result: the subscription's target id); else null
 * @param status sent: the response status; received: -1
 * @param at when the frame was received or sent, by the server's clock
 * @param size the frame's length in bytes on the wire, 0 or more; {@code bytes.length} unless the bytes were dropped
 */
public record RecordedFrame(long connectionId, Direction direction, Opcode opcode, byte[] bytes, ActionId action,
                            RequestId requestId, int status, Instant at, int size) {

    /** Which way the frame went. */
    public enum Direction {
        /** Client to server. */
        RECEIVED,
        /** Server to client. */
        SENT
    }

    /** The WebSocket opcode of a data frame. */
    public enum Opcode {
        /** A binary frame (what the server always sends, docs/protocol.md §2.2). */
        BINARY,
        /** A text frame (what the Python client sends, docs/protocol.md §2.3). */
        TEXT
    }

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code size} is negative, or {@code bytes} is neither empty nor
     *     {@code size} long
     */
    public RecordedFrame {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(at, "at");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
        if (size < 0 || (bytes.length != size && bytes.length != 0)) {
            throw new IllegalArgumentException("size must be bytes.length, or 0 or more with empty bytes (dropped); "
                    + "got size " + size + " for " + bytes.length + " bytes");
        }
    }

    /**
     * A frame with all its bytes: {@code size} is {@code bytes.length}.
     *
     * @param connectionId the server's id of the connection
     * @param direction received or sent
     * @param opcode binary or text
     * @param bytes the whole frame (copied)
     * @param action the action, or null
     * @param requestId the request id, or null
     * @param status sent: the status; received: -1
     * @param at when, by the server's clock
     */
    public RecordedFrame(long connectionId, Direction direction, Opcode opcode, byte[] bytes, ActionId action,
                         RequestId requestId, int status, Instant at) {
        this(connectionId, direction, opcode, bytes, action, requestId, status, at,
                Objects.requireNonNull(bytes, "bytes").length);
    }

    /** @return this frame without its bytes (same header fields, size and time); this one if already so */
    public RecordedFrame withoutBytes() {
        if (bytesDropped() || size == 0) {
            return this;
        }
        return new RecordedFrame(connectionId, direction, opcode, new byte[0], action, requestId, status, at, size);
    }

    /** @return true if the recording kept this frame without its bytes ({@link #bytes()} is then empty) */
    public boolean bytesDropped() {
        return bytes.length != size;
    }

    /** @return a copy of the whole frame */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return the number of bytes the frame had on the wire (also when its bytes were dropped) */
    @Override
    public int size() {
        return size;
    }

    /**
     * @return the body: after the 14-byte header of a received frame or the 13-byte header of a sent one, as a
     *     read-only buffer; the whole frame if the header is malformed; empty if the bytes were dropped
     */
    public ByteBuffer body() {
        if (bytesDropped()) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer();
        }
        int header = requestId == null ? 0 : direction == Direction.RECEIVED ? 14 : 13;
        return ByteBuffer.wrap(bytes, header, bytes.length - header).slice().asReadOnlyBuffer();
    }

    /** @return {@link #body()} decoded as UTF-8 (for assertions in tests; never logged by the server) */
    public String bodyText() {
        return StandardCharsets.UTF_8.decode(body()).toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordedFrame)) {
            return false;
        }
        RecordedFrame r = (RecordedFrame) o;
        return connectionId == r.connectionId && direction == r.direction && opcode == r.opcode
                && Arrays.equals(bytes, r.bytes) && Objects.equals(action, r.action)
                && Objects.equals(requestId, r.requestId) && status == r.status && at.equals(r.at)
                && size == r.size;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectionId, direction, opcode, Arrays.hashCode(bytes), action, requestId, status, at,
                size);
    }

    @Override
    public String toString() {
        return "RecordedFrame[conn=" + connectionId + ", " + direction + ", " + opcode + ", action="
                + (action == null ? "-" : action.code()) + ", requestId=" + requestId
                + (status >= 0 ? ", status=" + status : "") + ", " + size + " bytes"
                + (bytesDropped() ? " (dropped)" : "")
                + ", at=" + at + "]";
    }
}
