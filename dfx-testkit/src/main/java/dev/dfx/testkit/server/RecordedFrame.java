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
 * header fields and the size, never the bytes (a frame may hold a token or payload).
 *
 * @param connectionId the server's id of the connection, from 1 in accept order
 * @param direction received from the client or sent to it
 * @param opcode binary or text
 * @param bytes the whole frame (copied in and out)
 * @param action received: the frame's action if its header is well formed; sent: the action of the request it
 *     answers ({@code 0510} for a result push); else null
 * @param requestId the request id of a well-formed header (for a result: the subscription's target id); else null
 * @param status sent: the response status; received: -1
 * @param at when the frame was received or sent, by the server's clock
 */
public record RecordedFrame(long connectionId, Direction direction, Opcode opcode, byte[] bytes, ActionId action,
                            RequestId requestId, int status, Instant at) {

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

    /** Validates and copies. */
    public RecordedFrame {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(at, "at");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** @return a copy of the whole frame */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return the number of bytes in the frame */
    public int size() {
        return bytes.length;
    }

    /**
     * @return the body: after the 14-byte header of a received frame or the 13-byte header of a sent one, as a
     *     read-only buffer; the whole frame if the header is malformed
     */
    public ByteBuffer body() {
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
                && Objects.equals(requestId, r.requestId) && status == r.status && at.equals(r.at);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectionId, direction, opcode, Arrays.hashCode(bytes), action, requestId, status, at);
    }

    @Override
    public String toString() {
        return "RecordedFrame[conn=" + connectionId + ", " + direction + ", " + opcode + ", action="
                + (action == null ? "-" : action.code()) + ", requestId=" + requestId
                + (status >= 0 ? ", status=" + status : "") + ", " + bytes.length + " bytes, at=" + at + "]";
    }
}
