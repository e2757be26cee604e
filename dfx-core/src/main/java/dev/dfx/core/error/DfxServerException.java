package dev.dfx.core.error;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;

/**
 * The server answered a request with a status of 400 or more (docs/protocol.md §6). Carries the status, the body's
 * {@code Code} and {@code Message}, and the action and request ids. A code this SDK does not model keeps its text in
 * {@link #code()}; the known ones have subclasses a caller can catch. Use {@link #of} to get the right subclass.
 */
public class DfxServerException extends DfxException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final String serverMessage;
    private final transient ActionId actionId;
    private final transient RequestId requestId;

    /**
     * @param status the 3-digit status
     * @param code the body's {@code Code}, or {@code ""} if absent
     * @param serverMessage the body's {@code Message}, or {@code ""} if absent
     * @param actionId the request's action (may be null if unknown)
     * @param requestId the request id (may be null if unknown)
     */
    public DfxServerException(int status, String code, String serverMessage, ActionId actionId, RequestId requestId) {
        super(describe(status, code, serverMessage, actionId, requestId));
        this.status = status;
        this.code = code == null ? "" : code;
        this.serverMessage = serverMessage == null ? "" : serverMessage;
        this.actionId = actionId;
        this.requestId = requestId;
    }

    private static String describe(int status, String code, String message, ActionId actionId, RequestId requestId) {
        StringBuilder b = new StringBuilder();
        b.append(code == null || code.isEmpty() ? "server error" : code).append(" (status ").append(status);
        if (actionId != null) {
            b.append(", action ").append(actionId.code());
        }
        if (requestId != null) {
            b.append(", request ").append(requestId.value());
        }
        b.append(')');
        if (message != null && !message.isEmpty()) {
            b.append(": ").append(message);
        }
        return b.toString();
    }

    /**
     * Builds the most specific exception for a server error.
     *
     * @param status the status (400 or more)
     * @param code the body's {@code Code} (null or empty when absent)
     * @param message the body's {@code Message} (null or empty when absent)
     * @param actionId the request's action (may be null)
     * @param requestId the request id (may be null)
     * @return an instance of the subclass for the code, or of this class for any other code
     */
    public static DfxServerException of(int status, String code, String message, ActionId actionId,
                                        RequestId requestId) {
        String c = code == null ? "" : code;
        switch (c) {
            case DfxRateLimitException.CODE:
                return new DfxRateLimitException(status, message, actionId, requestId);
            case DfxMeasurementClosedException.CODE:
                return new DfxMeasurementClosedException(status, message, actionId, requestId);
            case DfxMisalignedChunkException.CODE:
                return new DfxMisalignedChunkException(status, message, actionId, requestId);
            case DfxInvalidMeasurementException.CODE:
                return new DfxInvalidMeasurementException(status, message, actionId, requestId);
            case DfxUnpackerException.CODE:
                return new DfxUnpackerException(status, message, actionId, requestId);
            default:
                if (c.equals(DfxUnsupportedActionException.CODE) && status == 400) {
                    return new DfxUnsupportedActionException(status, message, actionId, requestId);
                }
                if (DfxLicenseException.covers(c)) {
                    return new DfxLicenseException(status, c, message, actionId, requestId);
                }
                if (status == 401 || c.equals("INVALID_TOKEN") || c.equals("TOKEN_EXPIRED")) {
                    return new DfxAuthenticationException(status, c, message, actionId, requestId);
                }
                return new DfxServerException(status, c, message, actionId, requestId);
        }
    }

    /** @return the 3-digit status */
    public int status() {
        return status;
    }

    /** @return the server's {@code Code}, e.g. {@code "RATE_LIMIT"}; empty if the body had none */
    public String code() {
        return code;
    }

    /** @return the server's {@code Message}; empty if the body had none */
    public String serverMessage() {
        return serverMessage;
    }

    /** @return the request's action, or null if unknown */
    public ActionId actionId() {
        return actionId;
    }

    /** @return the request id, or null if unknown */
    public RequestId requestId() {
        return requestId;
    }

    /** @return true for a 5xx status, which docs/protocol.md §6.3 says to retry with backoff */
    public boolean isServerSide() {
        return status >= 500 && status <= 599;
    }
}
