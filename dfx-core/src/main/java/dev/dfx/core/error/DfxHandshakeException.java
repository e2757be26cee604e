package dev.dfx.core.error;

/**
 * The WebSocket upgrade was refused (an HTTP status other than 101) or answered without the {@code json}
 * subprotocol (docs/protocol.md §1.2). Not retryable: the server said no.
 */
public class DfxHandshakeException extends DfxTransportException {
    private static final long serialVersionUID = 1L;
    /** Status used when the server accepted the upgrade but selected no {@code json} subprotocol. */
    public static final int NO_STATUS = -1;
    private final int status;

    /**
     * @param status the HTTP status of the refusal, or {@link #NO_STATUS}
     * @param message what the server answered
     * @param cause the library exception (may be null)
     */
    public DfxHandshakeException(int status, String message, Throwable cause) {
        super(message, cause, false);
        this.status = status;
    }

    /** @return the HTTP status of the refused upgrade, or {@link #NO_STATUS} */
    public int status() {
        return status;
    }
}
