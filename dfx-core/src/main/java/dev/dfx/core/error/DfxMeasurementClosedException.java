package dev.dfx.core.error;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;

/** AddData error {@code MEASUREMENT_CLOSED} (docs/protocol.md §4.5): the measurement is already finished. Start a new measurement. */
public class DfxMeasurementClosedException extends DfxServerException {
    private static final long serialVersionUID = 1L;
    /** The server's {@code Code} for this error. */
    public static final String CODE = "MEASUREMENT_CLOSED";

    /**
     * @param status the status the server used
     * @param message the server's message
     * @param actionId the action (may be null)
     * @param requestId the request id (may be null)
     */
    public DfxMeasurementClosedException(int status, String message, ActionId actionId, RequestId requestId) {
        super(status, CODE, message, actionId, requestId);
    }
}
