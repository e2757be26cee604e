package dev.dfx.core;

/**
 * The life cycle of a {@link DfxClient}'s connection (docs/style.md §4). Read it with {@link DfxClient#state()}; follow
 * it with {@link DfxClient#onConnectionEvent}.
 *
 * <p>Transitions:
 * <pre>
 *   NEW ──connect()──▶ CONNECTING ──socket open──▶ AUTHENTICATING ──0718 answered 200──▶ READY
 *                          │                            │   (skipped when in-band login is off)   │
 *                          │ connect failed             │ login refused, timed out, socket lost   │ disconnect()/close()
 *                          ▼                            ▼                                          ▼
 *                        FAILED ◀───────────────────────┘                                       CLOSING
 *                                                                                                  │ socket closed
 *   READY ──socket lost, heartbeat death──────────────────────────────────────────────────▶ CLOSED ◀┘
 *     │ socket lost or heartbeat death, reconnect policy enabled (docs/protocol.md §6.3)
 *     ▼
 *   RECONNECTING ──backoff elapsed──▶ CONNECTING ──▶ AUTHENTICATING ──▶ READY (streams resume)
 *         ▲                               │ attempt failed                 │
 *         └───────────────────────────────┘ (FAILED for a moment)          │ login refused, attempts used up,
 *                                                                          ▼ disconnect()/close()
 *                                                                  FAILED / CLOSED
 * </pre>
 * {@code CLOSED} and {@code FAILED} are terminal for one connection; {@link DfxClient#connect()} may start a new one
 * from them (and from {@code NEW}) until the client is closed.
 */
public enum ConnectionState {
    /** Built; {@link DfxClient#connect()} was never called. */
    NEW,
    /** The transport is opening the socket. */
    CONNECTING,
    /** The socket is open and the in-band login ({@code 0718}, docs/protocol.md §1.3 A) awaits its answer. */
    AUTHENTICATING,
    /** Logged in (or header-authenticated): requests and measurements may be sent. */
    READY,
    /**
     * The connection was lost unexpectedly and the {@link ReconnectPolicy} waits before its next attempt. Requests
     * fail fast; measurement streams wait and resume once the client is {@link #READY} again.
     */
    RECONNECTING,
    /** {@link DfxClient#disconnect()} started the close handshake. */
    CLOSING,
    /** The connection closed after it was open (either side, or heartbeat death). */
    CLOSED,
    /** The connection attempt failed before {@link #READY}: refused, timed out, login refused or socket lost. */
    FAILED
}
