package dev.dfx.core.error;

import java.util.Optional;

/**
 * The WebSocket upgrade was refused (an HTTP status other than 101) or answered without the {@code json}
 * subprotocol (docs/protocol.md §1.2). Not retryable: the server said no.
 *
 * <p>A redirect ({@code 3xx}) is never followed by any transport (issue 12: following one could downgrade
 * {@code wss://} to clear text and hand the login token to another host); it is this exception, with the status and
 * the {@code Location} the server named in {@link #location()}.
 */
public class DfxHandshakeException extends DfxTransportException {
    private static final long serialVersionUID = 1L;
    /** Status used when the server accepted the upgrade but selected no {@code json} subprotocol. */
    public static final int NO_STATUS = -1;
    private final int status;
    private final String location;

    /**
     * @param status the HTTP status of the refusal, or {@link #NO_STATUS}
     * @param message what the server answered
     * @param cause the library exception (may be null)
     */
    public DfxHandshakeException(int status, String message, Throwable cause) {
        this(status, null, message, cause);
    }

    /**
     * @param status the HTTP status of the refusal, or {@link #NO_STATUS}
     * @param location the {@code Location} header of a redirect, or null when the server sent none
     * @param message what the server answered
     * @param cause the library exception (may be null)
     */
    public DfxHandshakeException(int status, String location, String message, Throwable cause) {
        super(message, cause, false);
        this.status = status;
        this.location = location;
    }

    /** @return the {@code Location} the server redirected to (never followed), if it answered with one */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /** @return whether the server answered the upgrade with a redirect ({@code 3xx}) */
    public boolean redirect() {
        return status >= 300 && status < 400;
    }

    /** @return the HTTP status of the refused upgrade, or {@link #NO_STATUS} */
    public int status() {
        return status;
    }
}
