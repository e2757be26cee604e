package dev.dfx.core.error;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;

/** AddData error {@code UNPACKER_RPC_ERROR} (docs/protocol.md §4.5): the payload failed validation; do not retry it as is. */
public class DfxUnpackerException extends DfxServerException {
    private static final long serialVersionUID = 1L;
    /** The server's {@code Code} for this error. */
    public static final String CODE = "UNPACKER_RPC_ERROR";

    /**
     * @param status the status the server used
     * @param message the server's message
     * @param actionId the action (may be null)
     * @param requestId the request id (may be null)
     */
    public DfxUnpackerException(int status, String message, ActionId actionId, RequestId requestId) {
        super(status, CODE, message, actionId, requestId);
    }
}
