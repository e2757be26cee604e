package dev.dfx.core.error;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;

/** AddData error {@code MISALIGNED_CHUNK} (docs/protocol.md §4.5): the ChunkOrder is not the one the server expected next. */
public class DfxMisalignedChunkException extends DfxServerException {
    private static final long serialVersionUID = 1L;
    /** The server's {@code Code} for this error. */
    public static final String CODE = "MISALIGNED_CHUNK";

    /**
     * @param status the status the server used
     * @param message the server's message
     * @param actionId the action (may be null)
     * @param requestId the request id (may be null)
     */
    public DfxMisalignedChunkException(int status, String message, ActionId actionId, RequestId requestId) {
        super(status, CODE, message, actionId, requestId);
    }
}
