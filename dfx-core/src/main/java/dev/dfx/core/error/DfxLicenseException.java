package dev.dfx.core.error;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;

/**
 * The licence or device was refused (docs/protocol.md §1.3, §6.3): {@code LICENSE_EXPIRED}, {@code INACTIVE_LICENSE},
 * {@code INACTIVE_DEVICE}, or an unknown licence key ({@code INVALID_LICENSE}, {@code LICENSE_NOT_FOUND}). The message
 * says what to do; it never quotes the key.
 */
public class DfxLicenseException extends DfxServerException {
    private static final long serialVersionUID = 1L;

    /**
     * @param status the status
     * @param code the server's code
     * @param message the server's message
     * @param actionId the action (may be null)
     * @param requestId the request id (may be null)
     */
    public DfxLicenseException(int status, String code, String message, ActionId actionId, RequestId requestId) {
        super(status, code, advice(code) + (message == null || message.isEmpty() ? "" : " (" + message + ")"),
                actionId, requestId);
    }

    /** @return true if the code names a licence problem this class covers */
    static boolean covers(String code) {
        switch (code) {
            case "LICENSE_EXPIRED":
            case "INACTIVE_LICENSE":
            case "INACTIVE_DEVICE":
            case "INVALID_LICENSE":
            case "LICENSE_NOT_FOUND":
                return true;
            default:
                return false;
        }
    }

    private static String advice(String code) {
        switch (code) {
            case "LICENSE_EXPIRED":
                return "the licence has expired: renew it with DeepAffex or use another licence key";
            case "INACTIVE_LICENSE":
                return "the licence is not active: activate it in the DeepAffex dashboard or use another key";
            case "INACTIVE_DEVICE":
                return "this device was deactivated: register it again with the licence key";
            default:
                return "the licence key is not known to this server: check the key (and the server or region)";
        }
    }
}
