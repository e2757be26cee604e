package dev.dfx.core.port;

import java.util.concurrent.CompletableFuture;

/**
 * Driven port: opens WebSocket connections (docs/style.md §3). An adapter (Jetty, Netty, the testkit's in-memory one)
 * implements it; the core never knows which.
 *
 * <p>A transport is a thread-safe factory that owns the shared I/O resources (one Jetty client, one Netty event-loop
 * group) for all its connections. Resources a user passed in stay the user's. {@link #close()} is idempotent,
 * bounded in time, aborts the connections still open and releases the threads it created.
 */
public interface Transport extends AutoCloseable {

    /**
     * Opens one connection.
     *
     * <p>The future completes with an open {@link Connection} once the upgrade succeeded with a subprotocol the spec
     * offered; it fails with {@link dev.dfx.core.error.DfxHandshakeException} (refused upgrade, or no subprotocol
     * selected), {@link dev.dfx.core.error.DfxTimeoutException} (no answer within the spec's connect timeout) or
     * {@link dev.dfx.core.error.DfxTransportException} (refused port, DNS, TLS). A failed connect calls no
     * listener method. The listener is never called from inside this method.
     *
     * <p>Security and network rules every adapter keeps (issue 12): a redirect ({@code 3xx}) answering the upgrade
     * is never followed; it fails the future with a {@link dev.dfx.core.error.DfxHandshakeException} carrying the
     * status and the {@code Location}. A spec for which {@link ConnectSpec#cleartextRefused()} holds fails with a
     * non-retryable {@link dev.dfx.core.error.DfxTransportException} before any socket opens. A
     * {@link ConnectSpec#proxy()} is used through an HTTP {@code CONNECT} tunnel for {@code ws} and {@code wss};
     * a proxy's refusal is a {@link dev.dfx.core.error.DfxTransportException} naming its status (retryable only for
     * a {@code 5xx}), and its credentials appear in no log line or message. Name resolution never blocks an I/O
     * thread.
     *
     * @param spec where and how to connect
     * @param listener receives this connection's events, serially and in order (see {@link ConnectionListener})
     * @return the connection, once open; never null
     * @throws NullPointerException if an argument is null
     */
    CompletableFuture<Connection> connect(ConnectSpec spec, ConnectionListener listener);

    /** Aborts open connections and releases what this transport created. Idempotent and bounded in time. */
    @Override
    void close();
}
