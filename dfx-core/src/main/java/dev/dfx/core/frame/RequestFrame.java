package dev.dfx.core.frame;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A client-to-server frame: 4-digit action id, 10-character request id, body (docs/protocol.md §2.1).
 *
 * @param actionId the action
 * @param requestId the request id
 * @param body the body bytes, read-only
 */
public record RequestFrame(ActionId actionId, RequestId requestId, ByteBuffer body) {
    /** Validates and wraps the body read-only. */
    public RequestFrame {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(requestId, "requestId");
        body = Objects.requireNonNull(body, "body").asReadOnlyBuffer();
    }

    /** @return a fresh read-only view of the body */
    @Override
    public ByteBuffer body() {
        return body.duplicate();
    }

    @Override
    public String toString() {
        return "RequestFrame[" + actionId.code() + "|" + requestId.value() + "|" + body.remaining() + " bytes]";
    }
}
