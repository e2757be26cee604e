package dev.dfx.core.port;

import java.nio.ByteBuffer;

/**
 * Receives one connection's events (docs/style.md §3).
 *
 * <p>Contract, asserted by the testkit's {@code TransportContract}: events arrive serially and in order, on the
 * adapter's I/O thread. {@link #onBinary}, {@link #onText} and {@link #onPong} may repeat; then exactly one terminal
 * {@link #onClosed} or {@link #onFailure}, and nothing after it. Buffers handed in are read-only copies that the
 * listener may keep. Implementations must return quickly and never block.
 */
public interface ConnectionListener {

    /** @param data one binary frame, a read-only buffer the listener may keep */
    void onBinary(ByteBuffer data);

    /** @param text one text frame */
    void onText(String text);

    /** @param payload the pong's payload, read-only */
    void onPong(ByteBuffer payload);

    /**
     * Terminal: the connection closed with a close frame, from either side.
     *
     * @param code the close code (1005 if the frame had none)
     * @param reason the reason, possibly empty, never null
     */
    void onClosed(int code, String reason);

    /**
     * Terminal: the connection failed without a close handshake (an abrupt drop reports a
     * {@link dev.dfx.core.error.DfxConnectionClosedException} with code 1006, or a transport error).
     *
     * @param cause what happened, as a {@link dev.dfx.core.error.DfxException}
     */
    void onFailure(Throwable cause);
}
