package dev.dfx.core.error;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;

/** Status 401: the token was refused ({@code INVALID_TOKEN}, {@code TOKEN_EXPIRED}, {@code UNAUTHORIZED}). */
public class DfxAuthenticationException extends DfxServerException {
    private static final long serialVersionUID = 1L;

    /**
     * @param status the status (401)
     * @param code the server's code
     * @param message the server's message
     * @param actionId the action (may be null)
     * @param requestId the request id (may be null)
     */
    public DfxAuthenticationException(int status, String code, String message, ActionId actionId,
                                      RequestId requestId) {
        super(status, code, message, actionId, requestId);
    }

    /** @return true if the server said the token expired (renew it, docs/protocol.md §6.3) */
    public boolean tokenExpired() {
        return "TOKEN_EXPIRED".equals(code());
    }
}
