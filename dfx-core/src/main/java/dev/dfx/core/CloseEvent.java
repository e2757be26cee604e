package dev.dfx.core;

/**
 * How a connection ended, given to {@link DfxClient#onClose} listeners exactly once per connection.
 *
 * @param code the WebSocket close code (1000 normal, 1006 abrupt drop or heartbeat death)
 * @param reason the close reason, possibly empty, never null
 * @param remote true if the server closed or dropped the connection, false if this client did
 */
public record CloseEvent(int code, String reason, boolean remote) {
    /** Normalises a null reason to empty. */
    public CloseEvent {
        reason = reason == null ? "" : reason;
    }
}
