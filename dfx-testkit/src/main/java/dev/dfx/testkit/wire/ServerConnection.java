package dev.dfx.testkit.wire;

import java.nio.ByteBuffer;

/**
 * The protocol engine's view of one accepted client connection: the front end feeds it what the client sent.
 * Calls for one connection arrive serially, in order; {@link #onClosed} is the last.
 */
public interface ServerConnection {

    /** @param frame one binary frame from the client (read-only; may be kept) */
    void onBinary(ByteBuffer frame);

    /** @param text one text frame from the client */
    void onText(String text);

    /**
     * A ping from the client. The engine answers through {@link PeerChannel#pong} unless a fault says not to; front
     * ends must not answer pings on their own.
     *
     * @param payload the ping payload
     */
    void onPing(ByteBuffer payload);

    /** @param payload a pong from the client */
    void onPong(ByteBuffer payload);

    /**
     * The connection ended, by a close frame from either side or an abrupt drop (code 1006).
     *
     * @param code close code
     * @param reason reason, possibly empty
     */
    void onClosed(int code, String reason);
}
