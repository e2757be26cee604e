package dev.dfx.testkit.server;

/**
 * The faults a {@link dev.dfx.testkit.FakeDfxServer} can inject (docs/style.md §9). A fault is armed with a
 * {@link FaultSpec}; unless the spec is {@link FaultSpec#persistent() persistent} it fires once and is used up.
 *
 * <p>Handshake faults apply to the next upgrade request. Frame faults are checked when the engine takes a received
 * frame of a connection, in arrival order, before the frame is processed: first {@link #DROP_AFTER_N}, then (for a
 * well-formed frame) {@link #CLOSE_WITH}, {@link #ERROR_STATUS} and {@link #SLOW_ACK}.
 */
public enum Fault {
    /** Refuse the upgrade with an HTTP status ({@link FaultSpec#status()}) instead of 101. */
    REJECT_HANDSHAKE,
    /** Accept the upgrade but select no subprotocol (a client must then fail: docs/protocol.md §1.2). */
    NO_SUBPROTOCOL,
    /** Read the upgrade request and never answer it (the client's connect timeout must fire). */
    STALL,
    /**
     * Count frames received by the server (on any connection) from the moment the fault is armed; the connection
     * that delivers the N-th ({@link FaultSpec#frames()}) is aborted at once, with no close frame and without an
     * answer to that frame. A persistent spec counts again from zero after each drop.
     */
    DROP_AFTER_N,
    /**
     * Instead of answering the next received frame (of {@link FaultSpec#action()}, or of any action if that is
     * null), start a close handshake with {@link FaultSpec#closeCode()} and {@link FaultSpec#reason()}.
     */
    CLOSE_WITH,
    /** Do not answer the next ping from a client (persistent: never answer pings). Server pings go on. */
    NO_PONG,
    /**
     * Process the next request of {@link FaultSpec#action()} only after {@link FaultSpec#delay()}, so its
     * response (and any result it triggers) comes that much later. Frames of the same connection that arrive
     * meanwhile wait behind it: a connection's frames are always processed in arrival order (docs/protocol.md §2.3).
     */
    SLOW_ACK,
    /**
     * Answer the next request of {@link FaultSpec#action()} with {@link FaultSpec#status()} and the error body
     * {@code {"Code":code,"Message":message}} (docs/protocol.md §6.1) without processing it: a refused AddData chunk is
     * not stored, so the client may resend it (e.g. one {@code 429 RATE_LIMIT}).
     */
    ERROR_STATUS
}
