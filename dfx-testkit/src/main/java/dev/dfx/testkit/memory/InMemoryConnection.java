package dev.dfx.testkit.memory;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Both ends of one in-memory connection: the client's {@link Connection} and the server's {@link PeerChannel}.
 *
 * <p>Each side has its own {@link SerialExecutor}: the client side runs the listener's callbacks, the server side
 * runs the {@link ServerConnection}'s. Every state change happens under {@link #lock}, and the events it causes are
 * queued while the lock is held, so the order of queued events is the order of the calls. The first of close,
 * abort (either side) or an oversized frame decides both terminal events; later ones are no-ops. That gives exactly
 * one terminal callback per side, whatever races.
 */
final class InMemoryConnection implements Connection {
    private static final System.Logger LOG = System.getLogger(InMemoryConnection.class.getName());
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MAX_CLOSE_REASON_BYTES = 123;
    /** Close code of an abrupt drop (RFC 6455 §7.4.1). */
    static final int ABNORMAL = 1006;
    /** Close code for a frame over the size limit (RFC 6455 §7.4.1). */
    static final int TOO_BIG = 1009;

    private final String name;
    private final ConnectSpec spec;
    private final ConnectionListener listener;
    private final ScheduledExecutorService timer;
    private final SerialExecutor clientEvents;
    private final SerialExecutor serverEvents;
    private final Peer peer = new Peer();
    private final AtomicLong queued = new AtomicLong();
    /** Completes (normally) once the client's terminal event ran, or was suppressed for a failed connect. */
    private final CompletableFuture<Void> clientDone = new CompletableFuture<>();
    /** Completes (normally) once the server's {@code onClosed} ran. */
    private final CompletableFuture<Void> serverDone = new CompletableFuture<>();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private boolean open = true;
    /** What a send after close fails with; set under {@link #lock} when {@link #open} turns false. */
    private volatile DfxConnectionClosedException closedCause;
    /** Set by an abort: sends still queued fail instead of arriving, as on a dropped socket. */
    private volatile boolean dropOutbound;
    /** Set for a connect that failed after the server accepted: the listener hears nothing at all. */
    private volatile boolean clientSilent;
    private volatile ServerConnection server;
    private volatile String subprotocol;

    /**
     * Everything bound for the client's listener, in order: the in-memory "socket" the client reads from. Guarded by
     * {@link #lock}. While {@link #paused}, nothing is taken from it (inbound backpressure, issue 12): the server's
     * frames wait here, not in the listener's hands, as they would wait in a socket's buffers.
     */
    private final java.util.ArrayDeque<Runnable> inbound = new java.util.ArrayDeque<>();
    /** Guarded by {@link #lock}: {@link #pauseReading()} was called and not yet undone. */
    private boolean paused;
    /** Guarded by {@link #lock}: a local close or abort drains the inbound queue whatever {@link #paused} says. */
    private boolean drainRegardless;
    /** Guarded by {@link #lock}: a pump task is queued on {@link #clientEvents}. */
    private boolean pumping;

    /** Confined to {@link #clientEvents}. */
    private boolean clientTerminated;
    /** Confined to {@link #serverEvents}. */
    private boolean serverTerminated;

    InMemoryConnection(String name, ConnectSpec spec, ConnectionListener listener, Executor pool,
                       ScheduledExecutorService timer, SerialExecutor clientEvents,
                       java.util.function.BooleanSupplier onPoolThread) {
        this.name = name;
        this.spec = spec;
        this.listener = listener;
        this.timer = timer;
        this.clientEvents = clientEvents;
        // Suspended until the acceptor returned its ServerConnection (see attach).
        this.serverEvents = new SerialExecutor(pool, name + "/server", true, onPoolThread);
    }

    /** @return the server's handle on this connection */
    PeerChannel peer() {
        return peer;
    }

    /**
     * Hands the server's side its connection and lets its events flow.
     *
     * @param connection what the acceptor returned
     * @param selected the subprotocol the server selected, or null
     */
    void attach(ServerConnection connection, String selected) {
        this.server = connection;
        this.subprotocol = selected;
        serverEvents.resume();
    }

    /**
     * Drops an accepted connection whose client never got it (the connect failed or timed out after the server
     * accepted): the server sees an abrupt 1006, the client listener nothing. Like a socket client that rejects the
     * upgrade response and closes the TCP connection.
     */
    void discard() {
        synchronized (lock) {
            clientSilent = true;
            if (!open) {
                return;
            }
            open = false;
            dropOutbound = true;
            closedCause = new DfxConnectionClosedException(ABNORMAL, "connect failed", false);
            serverEvents.execute(() -> serverClosed(ABNORMAL, ""));
        }
        clientDone.complete(null);
    }

    /** @return completes when both sides had their terminal event */
    CompletableFuture<Void> done() {
        return CompletableFuture.allOf(clientDone, serverDone);
    }

    // ---------------------------------------------------------------- client side (Connection)

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer frame) {
        Objects.requireNonNull(frame, "frame");
        int size = frame.remaining();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        synchronized (lock) {
            if (!open) {
                return CompletableFuture.failedFuture(closedCause);
            }
            long now = queued.get();
            if (now + size > spec.maxQueuedBytes()) {
                return CompletableFuture.failedFuture(new DfxTransportException("outbound queue full: " + now
                        + " bytes queued, a frame of " + size + " bytes would pass maxQueuedBytes "
                        + spec.maxQueuedBytes(), null, false));
            }
            queued.addAndGet(size);
            serverEvents.execute(() -> handOverBinary(frame, size, sent));
        }
        return sent;
    }

    /** On the server's executor: the frame leaves the client's queue and reaches the server. */
    private void handOverBinary(ByteBuffer frame, int size, CompletableFuture<Void> sent) {
        queued.addAndGet(-size);
        if (dropOutbound || serverTerminated) {
            sent.completeExceptionally(closedCause);
            return;
        }
        ByteBuffer copy = copyOf(frame);
        // Handed over: from here on the caller may reuse its buffer (docs/style.md §3).
        sent.complete(null);
        LOG.log(System.Logger.Level.TRACE, () -> name + ": client -> server binary, " + size + " bytes");
        server.onBinary(copy);
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        requireControlPayload(payload, "payload");
        CompletableFuture<Void> sent = new CompletableFuture<>();
        synchronized (lock) {
            if (!open) {
                return CompletableFuture.failedFuture(closedCause);
            }
            serverEvents.execute(() -> {
                if (dropOutbound || serverTerminated) {
                    sent.completeExceptionally(closedCause);
                    return;
                }
                ByteBuffer copy = copyOf(payload);
                sent.complete(null);
                // Front ends never answer pings themselves: the server engine decides (ServerConnection#onPing).
                server.onPing(copy);
            });
        }
        return sent;
    }

    @Override
    public long queuedBytes() {
        return queued.get();
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        requireSendableCloseCode(code);
        Objects.requireNonNull(reason, "reason");
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("reason must be at most " + MAX_CLOSE_REASON_BYTES
                    + " bytes of UTF-8");
        }
        synchronized (lock) {
            if (open) {
                open = false;
                closedCause = new DfxConnectionClosedException(code, reason, false);
                LOG.log(System.Logger.Level.DEBUG, () -> name + ": client closes with " + code);
                // Queued sends run first (a close frame follows the data frames), then the server hears the close,
                // then the client hears the server's answering close frame.
                drainRegardless = true;
                serverEvents.execute(() -> {
                    serverClosed(code, reason);
                    toClientInOrder(() -> clientClosed(code, reason));
                });
            }
        }
        return bounded(clientDone.copy(), spec.connectTimeout());
    }

    @Override
    public void abort() {
        synchronized (lock) {
            if (!open) {
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, () -> name + ": client aborts");
            drainRegardless = true;
            dropAndNotify(new DfxConnectionClosedException(ABNORMAL, "aborted locally", false));
        }
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * Stops taking events from the inbound queue: the server's frames (and a close or drop the server sends after
     * them) wait there, in order, until {@link #resumeReading()}; an event already being delivered finishes. A local
     * {@link #close} or {@link #abort} still ends the connection.
     */
    @Override
    public void pauseReading() {
        synchronized (lock) {
            paused = true;
        }
    }

    @Override
    public void resumeReading() {
        synchronized (lock) {
            paused = false;
            schedulePump();
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return open;
        }
    }

    @Override
    public String toString() {
        return "InMemoryConnection[" + name + ", open=" + isOpen() + "]";
    }

    // ---------------------------------------------------------------- terminal events

    /** Under {@link #lock}, with {@link #open} true: an abrupt drop, seen by both sides. */
    private void dropAndNotify(DfxConnectionClosedException cause) {
        open = false;
        dropOutbound = true;
        closedCause = cause;
        toClientInOrder(() -> clientFailed(cause));
        serverEvents.execute(() -> serverClosed(ABNORMAL, ""));
    }

    /** On the client's executor. */
    private void clientClosed(int code, String reason) {
        if (clientTerminated) {
            return;
        }
        clientTerminated = true;
        try {
            if (!clientSilent) {
                listener.onClosed(code, reason);
            }
        } finally {
            clientDone.complete(null);
        }
    }

    /** On the client's executor. */
    private void clientFailed(Throwable cause) {
        if (clientTerminated) {
            return;
        }
        clientTerminated = true;
        try {
            if (!clientSilent) {
                listener.onFailure(cause);
            }
        } finally {
            clientDone.complete(null);
        }
    }

    /** On the server's executor. */
    private void serverClosed(int code, String reason) {
        if (serverTerminated) {
            return;
        }
        serverTerminated = true;
        try {
            ServerConnection s = server;
            if (s != null) {
                s.onClosed(code, reason);
            }
        } finally {
            serverDone.complete(null);
        }
    }

    /** Runs a non-terminal client event unless the client already had its terminal one. */
    private void toClient(Runnable event) {
        toClientInOrder(() -> {
            if (!clientTerminated && !clientSilent) {
                event.run();
            }
        });
    }

    /** Queues a client event behind the ones before it; the pump runs them on the client's executor. */
    private void toClientInOrder(Runnable event) {
        synchronized (lock) {
            inbound.add(event);
            schedulePump();
        }
    }

    /** Under {@link #lock}. */
    private void schedulePump() {
        if (!pumping && !inbound.isEmpty() && (!paused || drainRegardless)) {
            pumping = true;
            clientEvents.execute(this::pump);
        }
    }

    /** On the client's executor: delivers one queued event, then queues itself again while there is more. */
    private void pump() {
        Runnable next;
        synchronized (lock) {
            if (inbound.isEmpty() || paused && !drainRegardless) {
                pumping = false;
                return;
            }
            next = inbound.poll();
        }
        try {
            next.run();
        } finally {
            synchronized (lock) {
                pumping = false;
                schedulePump();
            }
        }
    }

    /** Under {@link #lock}: an inbound frame over {@code maxFrameBytes} fails the connection with 1009. */
    private void frameTooBig(long size) {
        String reason = "frame of " + size + " bytes exceeds maxFrameBytes " + spec.maxFrameBytes();
        LOG.log(System.Logger.Level.DEBUG, () -> name + ": " + reason + ", closing with 1009");
        open = false;
        DfxConnectionClosedException cause = new DfxConnectionClosedException(TOO_BIG, reason, false);
        closedCause = cause;
        // As the socket adapters report it (TransportContract): the client fails the connection with 1009, a
        // failure rather than a peer's close; the server sees the 1009 close.
        toClientInOrder(() -> clientFailed(cause));
        serverEvents.execute(() -> serverClosed(TOO_BIG, reason));
    }

    private <T> CompletableFuture<T> bounded(CompletableFuture<T> future, Duration limit) {
        if (future.isDone()) {
            return future;
        }
        try {
            ScheduledFuture<?> bound = timer.schedule(() -> {
                if (future.complete(null)) {
                    LOG.log(System.Logger.Level.WARNING, () -> name + ": close handshake did not end within "
                            + limit.toMillis() + " ms; giving up on it");
                }
            }, limit.toNanos(), TimeUnit.NANOSECONDS);
            future.whenComplete((v, e) -> bound.cancel(false));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Transport closed: nothing will run any more, so nothing is left to wait for.
            future.complete(null);
        }
        return future;
    }

    // ---------------------------------------------------------------- helpers

    static ByteBuffer copyOf(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source.duplicate());
        copy.flip();
        return copy.asReadOnlyBuffer();
    }

    private static void requireControlPayload(ByteBuffer payload, String argument) {
        if (payload.remaining() > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException(argument + " must be at most " + MAX_CONTROL_PAYLOAD
                    + " bytes, got " + payload.remaining());
        }
    }

    /** The codes an endpoint may put in a close frame (RFC 6455 §7.4), as Jetty checks them. */
    private static void requireSendableCloseCode(int code) {
        boolean ok = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
        if (!ok) {
            throw new IllegalArgumentException("code must be a sendable close code (1000-1003, 1007-1014, "
                    + "3000-4999), got " + code);
        }
    }

    // ---------------------------------------------------------------- server side (PeerChannel)

    /**
     * The server's side. Calls after the connection ended are ignored, as a socket front end drops writes to a
     * closed socket.
     */
    private final class Peer implements PeerChannel {

        @Override
        public void sendBinary(ByteBuffer frame) {
            Objects.requireNonNull(frame, "frame");
            ByteBuffer copy = copyOf(frame);
            synchronized (lock) {
                if (!open) {
                    return;
                }
                if (copy.remaining() > spec.maxFrameBytes()) {
                    frameTooBig(copy.remaining());
                    return;
                }
                toClient(() -> listener.onBinary(copy));
            }
        }

        @Override
        public void sendText(String text) {
            Objects.requireNonNull(text, "text");
            int size = text.getBytes(StandardCharsets.UTF_8).length;
            synchronized (lock) {
                if (!open) {
                    return;
                }
                if (size > spec.maxFrameBytes()) {
                    frameTooBig(size);
                    return;
                }
                toClient(() -> listener.onText(text));
            }
        }

        @Override
        public void ping(ByteBuffer payload) {
            Objects.requireNonNull(payload, "payload");
            requireControlPayload(payload, "payload");
            ByteBuffer copy = copyOf(payload);
            synchronized (lock) {
                if (!open) {
                    return;
                }
                // The client answers pings itself, as WebSocket client libraries do (docs/protocol.md §1.4).
                toClient(() -> {
                    synchronized (lock) {
                        if (open) {
                            serverEvents.execute(() -> {
                                if (!serverTerminated) {
                                    server.onPong(copy.duplicate());
                                }
                            });
                        }
                    }
                });
            }
        }

        @Override
        public void pong(ByteBuffer payload) {
            Objects.requireNonNull(payload, "payload");
            requireControlPayload(payload, "payload");
            ByteBuffer copy = copyOf(payload);
            synchronized (lock) {
                if (!open) {
                    return;
                }
                toClient(() -> listener.onPong(copy));
            }
        }

        @Override
        public void close(int code, String reason) {
            String why = reason == null ? "" : reason;
            synchronized (lock) {
                if (!open) {
                    return;
                }
                LOG.log(System.Logger.Level.DEBUG, () -> name + ": server closes with " + code);
                open = false;
                closedCause = new DfxConnectionClosedException(code, why, true);
                toClientInOrder(() -> clientClosed(code, why));
                serverEvents.execute(() -> serverClosed(code, why));
            }
        }

        @Override
        public void abort() {
            synchronized (lock) {
                if (!open) {
                    return;
                }
                LOG.log(System.Logger.Level.DEBUG, () -> name + ": server drops the connection");
                dropAndNotify(new DfxConnectionClosedException(ABNORMAL, "dropped by the server", true));
            }
        }

        @Override
        public String toString() {
            return "PeerChannel[" + name + "]";
        }
    }
}
