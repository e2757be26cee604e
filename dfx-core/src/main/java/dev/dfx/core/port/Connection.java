package dev.dfx.core.port;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One open WebSocket connection (docs/style.md §3). Thread-safe. No method blocks.
 *
 * <p>An outbound buffer must not be touched by the caller until its future completes; the adapter does not keep it
 * after. When the adapter's outbound queue limit would be exceeded, the send fails with a
 * {@link dev.dfx.core.error.DfxTransportException} (exactly that type, not retryable, message "outbound queue
 * full"), and the connection stays open; a send is never silently dropped. A send after close fails with
 * {@link dev.dfx.core.error.DfxConnectionClosedException}. A send that races {@link #close} either goes out before
 * the close frame or fails that way: a data frame never follows our close frame (issue 12).
 */
public interface Connection {

    /**
     * Sends one binary frame.
     *
     * @param frame the bytes from position to limit
     * @return completes when the frame is handed to the socket; fails if it cannot be
     */
    CompletableFuture<Void> sendBinary(ByteBuffer frame);

    /**
     * Sends a ping control frame.
     *
     * @param payload at most 125 bytes
     * @return completes when the ping is handed to the socket
     */
    CompletableFuture<Void> ping(ByteBuffer payload);

    /** @return bytes accepted by {@link #sendBinary} but not yet handed to the socket: the backpressure signal */
    long queuedBytes();

    /**
     * Starts a graceful close handshake.
     *
     * @param code the close code (1000 normal)
     * @param reason the reason, at most 123 bytes of UTF-8
     * @return completes when the close handshake ends (or its bounded wait runs out and the socket is aborted)
     */
    CompletableFuture<Void> close(int code, String reason);

    /** Drops the socket at once, without a close handshake. The listener then sees one terminal event. */
    void abort();

    /** @return the subprotocol the server selected, e.g. {@code "json"} */
    String subprotocol();

    /** @return true until the connection is closed or failed */
    boolean isOpen();

    /**
     * Stops asking the socket for inbound frames (inbound backpressure, docs/style.md §3): Jetty stops demanding, Netty
     * turns auto-read off, the in-memory transport stops taking from its inbound queue. Frames already read may
     * still be delivered (at most a small read-ahead: {@code TransportContract} allows 4 MiB); the rest waits in the
     * socket buffers and the peer, not on our heap; nothing is dropped. Idempotent; any thread.
     * The engine calls it when its inbound queue is full and {@link #resumeReading()} when the queue has drained.
     */
    void pauseReading();

    /** Asks the socket for inbound frames again after {@link #pauseReading()}. Idempotent; any thread. */
    void resumeReading();
}
