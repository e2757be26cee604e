package dev.dfx.core.frame;

import dev.dfx.core.RequestId;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A server-to-client frame: 10-character request id, 3-digit status, body (docs/protocol.md §2.2).
 *
 * @param requestId the request id (or a subscription's {@code RequestID})
 * @param status the status, 0..999
 * @param body the body bytes, read-only
 */
public record ResponseFrame(RequestId requestId, int status, ByteBuffer body) {
    /** Validates and wraps the body read-only. */
    public ResponseFrame {
        Objects.requireNonNull(requestId, "requestId");
        if (status < 0 || status > 999) {
            throw new IllegalArgumentException("status must be 3 digits, got " + status);
        }
        body = Objects.requireNonNull(body, "body").asReadOnlyBuffer();
    }

    /** @return a fresh read-only view of the body */
    @Override
    public ByteBuffer body() {
        return body.duplicate();
    }

    /** @return true for a status of 400 or more (docs/protocol.md §6.2) */
    public boolean isError() {
        return status >= 400;
    }

    @Override
    public String toString() {
        return "ResponseFrame[" + requestId.value() + "|" + status + "|" + body.remaining() + " bytes]";
    }
}
