package dev.dfx.core.error;

/** A frame broke docs/protocol.md §2: too short, a non-digit status, a non-ASCII id, an unknown request id, bad JSON. */
public class DfxProtocolException extends DfxException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong with the frame (never its body bytes) */
    public DfxProtocolException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong
     * @param cause the parser's exception
     */
    public DfxProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
