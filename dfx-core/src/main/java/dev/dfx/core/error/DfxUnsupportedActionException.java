package dev.dfx.core.error;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;

/**
 * The server does not offer this action: {@code 400 INCORRECT_REQUEST} "Invalid Route Number", its answer to an
 * unknown action id (docs/protocol.md §6.1, §8 Q13 [CPP]). Retrying cannot help; use another action, or another server
 * version.
 */
public class DfxUnsupportedActionException extends DfxServerException {
    private static final long serialVersionUID = 1L;
    /** The server's {@code Code} for this error. */
    public static final String CODE = "INCORRECT_REQUEST";

    /**
     * @param status the status (400)
     * @param message the server's message
     * @param actionId the action (may be null)
     * @param requestId the request id (may be null)
     */
    public DfxUnsupportedActionException(int status, String message, ActionId actionId, RequestId requestId) {
        super(status, CODE, "not supported by this server" + (actionId == null ? "" : ": action " + actionId.code())
                + (message == null || message.isEmpty() ? "" : " (" + message + ")"), actionId, requestId);
    }
}
