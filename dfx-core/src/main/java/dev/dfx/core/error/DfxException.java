package dev.dfx.core.error;

/**
 * The one unchecked root of every failure dfx-java reports.
 *
 * <p>The tree is small and documented (docs/style.md §5):
 * <ul>
 *   <li>{@link DfxTransportException} (connect and I/O; {@link DfxTransportException#retryable()})
 *       › {@link DfxHandshakeException}</li>
 *   <li>{@link DfxConnectionClosedException}</li>
 *   <li>{@link DfxTimeoutException}</li>
 *   <li>{@link DfxProtocolException}</li>
 *   <li>{@link DfxServerException} › {@link DfxAuthenticationException} and the five AddData codes</li>
 * </ul>
 * No message of any subclass ever contains a token or payload bytes.
 */
public class DfxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; never holds secrets
     */
    public DfxException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never holds secrets
     * @param cause the original failure, kept for diagnosis (may be null)
     */
    public DfxException(String message, Throwable cause) {
        super(message, cause);
    }
}
