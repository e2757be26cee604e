package dev.dfx.core.error;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;

/** AddData error {@code RATE_LIMIT} (docs/protocol.md §4.5): chunks arrived faster than real time. Wait at least one chunk duration and resend the same chunk. */
public class DfxRateLimitException extends DfxServerException {
    private static final long serialVersionUID = 1L;
    /** The server's {@code Code} for this error. */
    public static final String CODE = "RATE_LIMIT";

    /**
     * @param status the status the server used
     * @param message the server's message
     * @param actionId the action (may be null)
     * @param requestId the request id (may be null)
     */
    public DfxRateLimitException(int status, String message, ActionId actionId, RequestId requestId) {
        super(status, CODE, message, actionId, requestId);
    }
}
