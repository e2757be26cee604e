package dev.dfx.core.error;

/** A connect or I/O failure below the DFX protocol. {@link #retryable()} says whether a retry may help. */
public class DfxTransportException extends DfxException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    /**
     * @param message what failed
     * @param cause the library exception, kept as the cause (may be null)
     * @param retryable whether trying again (a reconnect) may succeed
     */
    public DfxTransportException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** @return whether a retry (a reconnect) may succeed */
    public boolean retryable() {
        return retryable;
    }
}
