package dev.dfx.core.frame;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import dev.dfx.core.error.DfxProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Byte-exact encoding and decoding of frame envelopes (docs/protocol.md §2). Stateless and thread-safe.
 *
 * <p>Decoding never throws an unchecked exception on bad input: anything malformed (a short frame, a non-digit
 * action or status, a non-ASCII id) raises {@link DfxProtocolException}. Text frames are decoded from their UTF-8
 * bytes (§2.3: a server must accept both opcodes).
 */
public final class FrameCodec {
    /** Request header: 4-byte action id plus 10-byte request id. */
    public static final int REQUEST_HEADER_BYTES = 14;
    /** Response header: 10-byte request id plus 3-digit status. */
    public static final int RESPONSE_HEADER_BYTES = 13;

    private FrameCodec() {
    }

    /**
     * Writes a request header into the first {@link #REQUEST_HEADER_BYTES} bytes of a buffer whose body already
     * follows them (the headroom a {@link dev.dfx.core.port.BodyCodec} leaves), without moving its position.
     *
     * @param frame a buffer with at least 14 bytes from its position
     * @param actionId the action
     * @param requestId the request id
     * @return the same buffer
     */
    public static ByteBuffer writeRequestHeader(ByteBuffer frame, ActionId actionId, RequestId requestId) {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(requestId, "requestId");
        if (frame.remaining() < REQUEST_HEADER_BYTES) {
            throw new IllegalArgumentException("frame must have room for the 14-byte header");
        }
        int p = frame.position();
        putAscii(frame, p, actionId.code());
        putAscii(frame, p + 4, requestId.value());
        return frame;
    }

    /**
     * @param actionId the action
     * @param requestId the request id
     * @param body the body bytes (position to limit, not consumed)
     * @return a new buffer holding the whole frame, positioned at 0
     */
    public static ByteBuffer encodeRequest(ActionId actionId, RequestId requestId, ByteBuffer body) {
        Objects.requireNonNull(body, "body");
        ByteBuffer out = ByteBuffer.allocate(REQUEST_HEADER_BYTES + body.remaining());
        writeRequestHeader(out, actionId, requestId);
        out.position(REQUEST_HEADER_BYTES);
        out.put(body.duplicate());
        return out.flip();
    }

    /**
     * @param requestId the request id
     * @param status the status, 0..999, written as three digits
     * @param body the body bytes (position to limit, not consumed)
     * @return a new buffer holding the whole frame, positioned at 0
     */
    public static ByteBuffer encodeResponse(RequestId requestId, int status, ByteBuffer body) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(body, "body");
        if (status < 0 || status > 999) {
            throw new IllegalArgumentException("status must be 0..999, got " + status);
        }
        ByteBuffer out = ByteBuffer.allocate(RESPONSE_HEADER_BYTES + body.remaining());
        putAscii(out, 0, requestId.value());
        out.put(10, (byte) ('0' + status / 100));
        out.put(11, (byte) ('0' + status / 10 % 10));
        out.put(12, (byte) ('0' + status % 10));
        out.position(RESPONSE_HEADER_BYTES);
        out.put(body.duplicate());
        return out.flip();
    }

    /**
     * @param frame a whole binary frame (position to limit, not consumed)
     * @return the decoded frame; its body is a view of the input, not a copy
     * @throws DfxProtocolException if the frame is malformed
     */
    public static RequestFrame decodeRequest(ByteBuffer frame) {
        Objects.requireNonNull(frame, "frame");
        ByteBuffer f = frame.duplicate();
        int p = f.position();
        if (f.remaining() < REQUEST_HEADER_BYTES) {
            throw new DfxProtocolException("request frame too short: " + f.remaining() + " bytes, need at least "
                    + REQUEST_HEADER_BYTES);
        }
        for (int i = 0; i < 4; i++) {
            byte b = f.get(p + i);
            if (b < '0' || b > '9') {
                throw new DfxProtocolException("action id byte " + i + " is not a digit: 0x" + hex(b));
            }
        }
        ActionId action = ActionId.of(ascii(f, p, 4));
        RequestId id = requestId(f, p + 4);
        f.position(p + REQUEST_HEADER_BYTES);
        return new RequestFrame(action, id, f.slice());
    }

    /**
     * @param frame a whole text frame
     * @return the decoded frame (from its UTF-8 bytes)
     * @throws DfxProtocolException if the frame is malformed
     */
    public static RequestFrame decodeRequest(String frame) {
        Objects.requireNonNull(frame, "frame");
        return decodeRequest(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param frame a whole binary frame (position to limit, not consumed)
     * @return the decoded frame; its body is a view of the input, not a copy
     * @throws DfxProtocolException if the frame is malformed
     */
    public static ResponseFrame decodeResponse(ByteBuffer frame) {
        Objects.requireNonNull(frame, "frame");
        ByteBuffer f = frame.duplicate();
        int p = f.position();
        if (f.remaining() < RESPONSE_HEADER_BYTES) {
            throw new DfxProtocolException("response frame too short: " + f.remaining() + " bytes, need at least "
                    + RESPONSE_HEADER_BYTES);
        }
        RequestId id = requestId(f, p);
        int status = 0;
        for (int i = 10; i < 13; i++) {
            byte b = f.get(p + i);
            if (b < '0' || b > '9') {
                throw new DfxProtocolException("status byte " + (i - 10) + " is not a digit: 0x" + hex(b));
            }
            status = status * 10 + (b - '0');
        }
        f.position(p + RESPONSE_HEADER_BYTES);
        return new ResponseFrame(id, status, f.slice());
    }

    /**
     * @param frame a whole text frame
     * @return the decoded frame (from its UTF-8 bytes)
     * @throws DfxProtocolException if the frame is malformed
     */
    public static ResponseFrame decodeResponse(String frame) {
        Objects.requireNonNull(frame, "frame");
        return decodeResponse(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)));
    }

    private static RequestId requestId(ByteBuffer f, int at) {
        for (int i = 0; i < RequestId.LENGTH; i++) {
            byte b = f.get(at + i);
            if (b < 0x20 || b > 0x7e) {
                throw new DfxProtocolException("request id byte " + i + " is not printable ASCII: 0x" + hex(b));
            }
        }
        return new RequestId(ascii(f, at, RequestId.LENGTH));
    }

    private static String ascii(ByteBuffer f, int at, int len) {
        byte[] b = new byte[len];
        f.get(at, b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static void putAscii(ByteBuffer out, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.put(at + i, (byte) s.charAt(i));
        }
    }

    private static String hex(byte b) {
        return String.format("%02x", b & 0xff);
    }
}
