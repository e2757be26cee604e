package dev.dfx.core.error;

/** The connection closed (or was already closed) while an operation needed it. */
public class DfxConnectionClosedException extends DfxException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String reason;
    private final boolean remote;

    /**
     * @param code the WebSocket close code (1006 for an abrupt drop)
     * @param reason the close reason, possibly empty, never null
     * @param remote true if the peer closed, false if this side did
     */
    public DfxConnectionClosedException(int code, String reason, boolean remote) {
        super("connection closed " + (remote ? "by the server" : "locally") + " (code " + code
                + (reason == null || reason.isEmpty() ? "" : ", reason: " + reason) + ")");
        this.code = code;
        this.reason = reason == null ? "" : reason;
        this.remote = remote;
    }

    /** @return the WebSocket close code */
    public int code() {
        return code;
    }

    /** @return the close reason, possibly empty */
    public String reason() {
        return reason;
    }

    /** @return true if the peer closed the connection */
    public boolean remote() {
        return remote;
    }
}
