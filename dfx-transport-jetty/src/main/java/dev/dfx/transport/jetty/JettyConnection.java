package dev.dfx.transport.jetty;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One Jetty WebSocket session adapted to {@link Connection}, and the Jetty endpoint that feeds its
 * {@link ConnectionListener}.
 *
 * <p>Lifecycle: {@code CONNECTING} (upgrade under way; the listener is never called), {@code OPEN} (the connect future
 * completed; events flow), {@code TERMINATED} (exactly one terminal event was delivered, or the connect failed and
 * none ever will be). Every transition is a compare-and-set, so exactly one terminal callback happens whatever
 * thread (Jetty's I/O thread, a timer, {@link JettyTransport#close()}) gets there first.
 *
 * <p>Inbound backpressure: the endpoint uses explicit demand, so Jetty reads the next frame only after the listener
 * returned. Server pings are answered by Jetty itself (the endpoint does not override {@code onWebSocketPing}).
 */
final class JettyConnection implements Connection, Session.Listener {
    private static final System.Logger LOG = System.getLogger(JettyConnection.class.getName());
    /** Bound on a graceful close handshake before the socket is aborted. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MAX_REASON_BYTES = 123;

    private enum State { CONNECTING, OPEN, TERMINATED }

    private final JettyTransport transport;
    private final ConnectSpec spec;
    private final ConnectionListener listener;
    private final CompletableFuture<Connection> connectFuture;
    private final Scheduler scheduler;
    private final AtomicReference<State> state = new AtomicReference<>(State.CONNECTING);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean locallyAborted = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile Session session;
    private volatile String subprotocol = "";
    private volatile Throwable pendingError;
    private volatile DfxConnectionClosedException closedCause;
    private volatile Scheduler.Task closeTimer;
    /** Guards {@link #paused} and {@link #demandOwed}. */
    private final Object demandLock = new Object();
    /** {@link #pauseReading()} was called and not yet undone. */
    private boolean paused;
    /** A frame's callback returned while paused: the demand for the next frame waits for resume. */
    private boolean demandOwed;
    /** The {@code Location} of a redirect answering the upgrade (never followed). */
    private volatile String redirectLocation;

    JettyConnection(JettyTransport transport, ConnectSpec spec, ConnectionListener listener,
                    CompletableFuture<Connection> connectFuture, Scheduler scheduler) {
        this.transport = transport;
        this.spec = spec;
        this.listener = listener;
        this.connectFuture = connectFuture;
        this.scheduler = scheduler;
    }

    // ---------------------------------------------------------------- connect

    /**
     * @return the upgrade listener: it turns redirect following off for this request (issue 12: never follow a
     *     redirect on the upgrade, whatever the client's setting) and keeps a redirect's {@code Location}
     */
    JettyUpgradeListener upgradeListener() {
        return new JettyUpgradeListener() {
            @Override
            public void onHandshakeRequest(Request request) {
                request.followRedirects(false);
            }

            @Override
            public void onHandshakeResponse(Request request, Response response) {
                int status = response.getStatus();
                if (status >= 300 && status < 400) {
                    redirectLocation = response.getHeaders().get(HttpHeader.LOCATION);
                }
            }
        };
    }

    /** Our connect timeout ran out: fail the connect future unless the upgrade already finished. */
    void connectTimedOut(CompletableFuture<Session> jettyFuture) {
        if (state.compareAndSet(State.CONNECTING, State.TERMINATED)) {
            connectFuture.completeExceptionally(
                    new DfxTimeoutException("connect to " + spec.uri(), spec.connectTimeout()));
            jettyFuture.cancel(true);
            Session s = session;
            if (s != null) {
                s.disconnect();
            }
        }
    }

    /** Jetty's connect future completed: check the subprotocol, then open (or fail) and start reading. */
    void upgradeDone(Session s, Throwable error) {
        if (error != null || s == null) {
            if (state.compareAndSet(State.CONNECTING, State.TERMINATED)) {
                Throwable cause = error == null ? new IllegalStateException("no session") : error;
                connectFuture.completeExceptionally(
                        JettyErrors.connectFailure(cause, spec.uri(), spec.connectTimeout(), redirectLocation));
            }
            return;
        }
        this.session = s;
        String accepted = s.getUpgradeResponse() == null ? null : s.getUpgradeResponse().getAcceptedSubProtocol();
        if (!spec.subprotocols().isEmpty() && (accepted == null || !spec.subprotocols().contains(accepted))) {
            // docs/protocol.md §1.2: the server MUST select json; a 101 without it is a refused handshake.
            if (state.compareAndSet(State.CONNECTING, State.TERMINATED)) {
                connectFuture.completeExceptionally(new DfxHandshakeException(DfxHandshakeException.NO_STATUS,
                        "server at " + spec.uri() + " selected no offered subprotocol " + spec.subprotocols()
                                + " (got " + accepted + ")", null));
            }
            s.disconnect();
            return;
        }
        this.subprotocol = accepted == null ? "" : accepted;
        if (!transport.register(this)) {
            if (state.compareAndSet(State.CONNECTING, State.TERMINATED)) {
                connectFuture.completeExceptionally(
                        new DfxTransportException("transport closed during connect", null, false));
            }
            s.disconnect();
            return;
        }
        if (!state.compareAndSet(State.CONNECTING, State.OPEN)) {
            // Timed out (or dropped) while Jetty finished the upgrade.
            transport.unregister(this);
            s.disconnect();
            return;
        }
        LOG.log(System.Logger.Level.INFO, () -> "connected to " + spec.uri() + " (subprotocol " + subprotocol + ")");
        connectFuture.complete(this);
        s.demand();
    }

    // ---------------------------------------------------------------- Jetty endpoint

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        if (state.get() == State.TERMINATED) {
            s.disconnect(); // the connect already timed out
            return;
        }
        // Applied before the first demand, so before any frame is parsed.
        s.setMaxFrameSize(spec.maxFrameBytes());
        s.setMaxBinaryMessageSize(spec.maxFrameBytes());
        s.setMaxTextMessageSize(spec.maxFrameBytes());
        s.setAutoFragment(false);
        // Silence detection is the engine's heartbeat policy (docs/style.md §6), not a Jetty idle timer.
        s.setIdleTimeout(Duration.ZERO);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        // Jetty recycles its buffer once the callback completes: hand the listener its own read-only copy.
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip().asReadOnlyBuffer();
        callback.succeed();
        LOG.log(System.Logger.Level.TRACE, () -> "binary frame in, " + copy.remaining() + " bytes");
        deliver(() -> listener.onBinary(copy));
    }

    @Override
    public void onWebSocketText(String text) {
        LOG.log(System.Logger.Level.TRACE, () -> "text frame in, " + text.length() + " chars");
        deliver(() -> listener.onText(text));
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip().asReadOnlyBuffer();
        deliver(() -> listener.onPong(copy));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // Jetty follows every error with onWebSocketClose; remember it so that close reports a failure.
        pendingError = cause;
        LOG.log(System.Logger.Level.DEBUG, () -> "connection to " + spec.uri() + " failed: " + cause);
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback callback) {
        try {
            Throwable error = pendingError;
            String r = reason == null ? "" : reason;
            if (error != null) {
                terminate(JettyErrors.connectionFailure(error, code, locallyAborted.get()), code, r);
            } else if (code == JettyErrors.ABNORMAL_CLOSURE) {
                terminate(new DfxConnectionClosedException(code, r, !locallyAborted.get()), code, r);
            } else {
                terminate(null, code, r);
            }
        } finally {
            callback.succeed();
        }
    }

    private void deliver(Runnable event) {
        try {
            if (state.get() == State.OPEN) {
                event.run();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "connection listener threw; event ignored", e);
        } finally {
            demandNext();
        }
    }

    /** Asks Jetty for the next frame, unless reading is paused: then the demand is owed until resume. */
    private void demandNext() {
        synchronized (demandLock) {
            if (paused) {
                demandOwed = true;
                return;
            }
        }
        Session s = session;
        if (s != null && state.get() != State.TERMINATED) {
            s.demand();
        }
    }

    /**
     * Delivers the one terminal event, or fails the connect future if the connection never opened.
     *
     * @param failure the failure for {@code onFailure}, or null for {@code onClosed(code, reason)}
     */
    void terminate(DfxException failure, int code, String reason) {
        closedCause = new DfxConnectionClosedException(code, reason, !closing.get() && !locallyAborted.get());
        if (state.compareAndSet(State.CONNECTING, State.TERMINATED)) {
            connectFuture.completeExceptionally(failure != null ? failure
                    : new DfxTransportException("connection to " + spec.uri() + " closed during connect (code "
                    + code + ")", null, true));
            return;
        }
        if (!state.compareAndSet(State.OPEN, State.TERMINATED)) {
            return;
        }
        Scheduler.Task timer = closeTimer;
        if (timer != null) {
            timer.cancel();
        }
        transport.unregister(this);
        try {
            if (failure == null) {
                LOG.log(System.Logger.Level.INFO, () -> "disconnected from " + spec.uri() + " (code " + code + ")");
                listener.onClosed(code, reason);
            } else {
                LOG.log(System.Logger.Level.INFO, () -> "connection to " + spec.uri() + " lost: " + failure);
                listener.onFailure(failure);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "connection listener threw from its terminal callback", e);
        } finally {
            terminated.complete(null);
        }
    }

    /** The transport stopped its client: deliver a terminal event if Jetty could not. */
    void transportClosed() {
        terminate(new DfxConnectionClosedException(JettyErrors.ABNORMAL_CLOSURE, "transport closed", false),
                JettyErrors.ABNORMAL_CLOSURE, "transport closed");
    }

    // ---------------------------------------------------------------- Connection

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer frame) {
        Objects.requireNonNull(frame, "frame");
        Session s = session;
        if (state.get() != State.OPEN || closing.get() || s == null) {
            return CompletableFuture.failedFuture(closedException());
        }
        int size = frame.remaining();
        long queued = queuedBytes.addAndGet(size);
        if (queued > spec.maxQueuedBytes()) {
            queuedBytes.addAndGet(-size);
            return CompletableFuture.failedFuture(new DfxTransportException("outbound queue full: " + size
                    + " more bytes would exceed maxQueuedBytes " + spec.maxQueuedBytes(), null, false));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        LOG.log(System.Logger.Level.TRACE, () -> "binary frame out, " + size + " bytes");
        try {
            s.sendBinary(frame, Callback.from(() -> {
                queuedBytes.addAndGet(-size);
                result.complete(null);
            }, t -> {
                queuedBytes.addAndGet(-size);
                result.completeExceptionally(sendFailure(t));
            }));
        } catch (RuntimeException e) {
            queuedBytes.addAndGet(-size);
            result.completeExceptionally(sendFailure(e));
        }
        return result;
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.remaining() > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("payload must be at most " + MAX_CONTROL_PAYLOAD + " bytes, got "
                    + payload.remaining());
        }
        Session s = session;
        if (state.get() != State.OPEN || closing.get() || s == null) {
            return CompletableFuture.failedFuture(closedException());
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            s.sendPing(payload, Callback.from(() -> result.complete(null),
                    t -> result.completeExceptionally(sendFailure(t))));
        } catch (RuntimeException e) {
            result.completeExceptionally(sendFailure(e));
        }
        return result;
    }

    @Override
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (!sendableCloseCode(code)) {
            throw new IllegalArgumentException("code must be 1000-1003, 1007-1014 or 3000-4999, got " + code);
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("reason must be at most " + MAX_REASON_BYTES + " bytes of UTF-8");
        }
        Session s = session;
        if (state.get() == State.OPEN && s != null && closing.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing connection to " + spec.uri() + " (code " + code + ")");
            closedCause = new DfxConnectionClosedException(code, reason, false);
            closeTimer = scheduler.schedule(this::closeTimedOut, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (state.get() == State.TERMINATED) {
                closeTimer.cancel();
            }
            try {
                s.close(code, reason, Callback.from(() -> { }, t -> LOG.log(System.Logger.Level.DEBUG,
                        () -> "close frame to " + spec.uri() + " not sent: " + t)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "close failed; aborting", e);
                abort();
            }
        }
        return terminated.copy();
    }

    private void closeTimedOut() {
        if (state.get() != State.TERMINATED) {
            LOG.log(System.Logger.Level.WARNING, () -> "close handshake with " + spec.uri() + " took longer than "
                    + CLOSE_TIMEOUT.toMillis() + " ms; aborting");
            abort();
        }
    }

    @Override
    public void abort() {
        locallyAborted.set(true);
        closing.set(true);
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * Stops demanding: Jetty reads no further frame from the socket (the peer's data stays in the socket buffers
     * and, once they are full, in the peer) until {@link #resumeReading()}. The frame being delivered finishes.
     */
    @Override
    public void pauseReading() {
        synchronized (demandLock) {
            paused = true;
        }
    }

    @Override
    public void resumeReading() {
        synchronized (demandLock) {
            if (!paused) {
                return;
            }
            paused = false;
            if (!demandOwed) {
                return; // a delivery is under way; its end demands
            }
            demandOwed = false;
        }
        demandNext();
    }

    @Override
    public boolean isOpen() {
        return state.get() == State.OPEN && !closing.get();
    }

    /** @return a future that completes once the terminal event was delivered */
    CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public String toString() {
        return "JettyConnection[" + spec.uri() + ", " + state.get() + (closing.get() ? ", closing" : "") + "]";
    }

    private DfxException sendFailure(Throwable t) {
        if (state.get() == State.TERMINATED || closing.get()) {
            DfxConnectionClosedException e = closedException();
            e.initCause(t);
            return e;
        }
        return new DfxTransportException("send to " + spec.uri() + " failed", t, true);
    }

    private DfxConnectionClosedException closedException() {
        DfxConnectionClosedException c = closedCause;
        if (c == null) {
            return new DfxConnectionClosedException(JettyErrors.ABNORMAL_CLOSURE, "not open", false);
        }
        return new DfxConnectionClosedException(c.code(), c.reason(), c.remote());
    }

    private static boolean sendableCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
