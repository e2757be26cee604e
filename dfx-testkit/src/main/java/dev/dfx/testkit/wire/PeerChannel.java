package dev.dfx.testkit.wire;

import java.nio.ByteBuffer;

/**
 * The fake server's side of one client connection: how the protocol engine talks back to the client. A front end
 * (in-memory or a real socket) implements it. Thread-safe; no method blocks.
 */
public interface PeerChannel {

    /** @param frame one binary frame to the client (the front end copies or sends it before returning) */
    void sendBinary(ByteBuffer frame);

    /** @param text one text frame to the client */
    void sendText(String text);

    /** @param payload a ping to the client (at most 125 bytes) */
    void ping(ByteBuffer payload);

    /** @param payload a pong to the client, answering its ping */
    void pong(ByteBuffer payload);

    /**
     * Starts a close handshake.
     *
     * @param code close code
     * @param reason reason, possibly empty
     */
    void close(int code, String reason);

    /** Drops the connection at once, with no close frame (the client sees an abrupt 1006). */
    void abort();
}
