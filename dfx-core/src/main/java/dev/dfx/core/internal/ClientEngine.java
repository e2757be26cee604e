package dev.dfx.core.internal;

import dev.dfx.core.ActionId;
import dev.dfx.core.CloseEvent;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.ListenerRegistration;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.RequestId;
import dev.dfx.core.body.ErrorBody;
import dev.dfx.core.body.LoginRequest;
import dev.dfx.core.body.SubscribeRequest;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.core.port.BodyCodec;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.core.port.Scheduler;
import dev.dfx.core.port.Ticker;
import dev.dfx.core.port.Transport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The client engine behind {@link dev.dfx.core.DfxClient}: connection life cycle, in-band login, correlation of
 * responses by request id, heartbeat and measurement streams (docs/protocol.md §1.3, §1.4, §2, §4, §5, §6).
 *
 * <p>Threading (docs/style.md §4): the transport calls the {@link ConnectionListener} on its I/O thread; every event is
 * handed at once to one {@link SerialExecutor} and nothing blocks. All mutable state below is touched only on that
 * executor (the {@link RequestIdPool} guards itself), and every user future and callback completes or runs there.
 *
 * <p>Reconnect (docs/protocol.md §6.3, "Socket closed mid-measurement"): when a connection that reached READY ends without
 * {@code disconnect()}/{@code close()}, and the {@link dev.dfx.core.ReconnectPolicy} is enabled, the engine enters
 * {@link ConnectionState#RECONNECTING} and schedules attempts with backoff and jitter through the {@link Scheduler}
 * ({@code RetryScheduled}, {@code RetryFailed}, then {@code Connected} or {@code GaveUp}). Plain requests pending on the
 * lost connection fail with {@link DfxConnectionClosedException}: they are never replayed, since most actions are
 * not idempotent and the engine cannot know whether the server acted on them. Measurement streams are not failed:
 * they wait, and after the new login each subscribes again with a new request id and resends its first
 * unacknowledged chunk ({@link MeasurementSession} explains how its answer is read). A login refused on a reconnect
 * ends the attempts at once: the token will not get better by retrying.
 *
 * <p>State (issue 12): {@link ConnectionState} changes only through {@code fire(trigger)}, one row of the
 * {@link ConnectionLifecycle} transition table (states × triggers, also printed in {@link ConnectionState}'s Javadoc).
 */
public final class ClientEngine {
    private static final System.Logger LOG = System.getLogger(ClientEngine.class.getName());
    /** Extra wait past the transport's own connect timeout before the engine gives up on it. */
    private static final Duration CONNECT_GRACE = Duration.ofSeconds(1);
    /** Normal closure (RFC 6455). */
    static final int NORMAL_CLOSURE = 1000;
    /** Abnormal closure: no close frame (RFC 6455). */
    static final int ABNORMAL_CLOSURE = 1006;
    /** Service restart (RFC 6455 registry): the server asks clients to come back later. */
    static final int SERVICE_RESTART = 1012;
    /** Try again later (RFC 6455 registry). */
    static final int TRY_AGAIN_LATER = 1013;
    /**
     * A connection that stayed up this long proved healthy: the next drop starts the backoff from attempt 1 again
     * (issue 12, "reconnect storm"). A chunk acked on it proves the same sooner.
     */
    static final Duration HEALTHY_UPTIME = Duration.ofSeconds(30);

    private final Transport transport;
    private final BodyCodec codec;
    private final DfxClientConfig config;
    private final InstantSource clock;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final SerialExecutor serial;
    private final RequestIdPool ids;
    /** Gets, keeps and renews the token when the config has credentials (issue 11); null on the plain-token path. */
    private volatile TokenManager tokens;

    private final Listeners<DfxMessage> messageListeners = new Listeners<>("onMessage");
    private final Listeners<CloseEvent> closeListeners = new Listeners<>("onClose");
    private final Listeners<DfxException> errorListeners = new Listeners<>("onError");
    private final Listeners<ConnectionEvent> eventListeners = new Listeners<>("onConnectionEvent");

    // ---- serial-executor state ----
    private volatile ConnectionState state = ConnectionState.NEW;
    private volatile long illegalTransitions;
    private Session session;
    private CloseEvent lastClose;
    private boolean shutdown;
    private final Map<RequestId, Pending> pending = new HashMap<>();
    private final Map<RequestId, MeasurementSession> subscriptions = new HashMap<>();
    /** Non-null while the reconnect policy is at work (docs/protocol.md §6.3). */
    private Reconnect reconnecting;
    /**
     * Reconnect attempts used since the last connection that proved healthy (an acked chunk, or
     * {@link #HEALTHY_UPTIME} up): a login that succeeds does not reset it, so a server that accepts and drops every
     * connection meets the policy's backoff and its attempt limit (issue 12).
     */
    private int attemptsSinceHealthy;
    /** Streams waiting for the next READY to subscribe again (with a new request id). */
    private final List<MeasurementSession> resuming = new ArrayList<>();

    /**
     * @param transport opens connections (stays the caller's)
     * @param codec encodes and decodes bodies
     * @param config the configuration
     * @param clock wall time, for timestamps only
     * @param scheduler every timer goes through it
     * @param executor runs the serial executor (and so every callback)
     * @param random draws request ids
     */
    public ClientEngine(Transport transport, BodyCodec codec, DfxClientConfig config, InstantSource clock,
                        Scheduler scheduler, Executor executor, RandomGenerator random) {
        this(transport, codec, config, clock, Ticker.system(), scheduler, executor, random);
    }

    /**
     * @param transport opens connections (stays the caller's)
     * @param codec encodes and decodes bodies
     * @param config the configuration
     * @param clock wall time, for timestamps only (docs/style.md §4)
     * @param ticker monotonic time: pacing and every measured duration (docs/style.md §4, issue 12)
     * @param scheduler every timer goes through it
     * @param executor runs the serial executor (and so every callback)
     * @param random draws request ids
     */
    public ClientEngine(Transport transport, BodyCodec codec, DfxClientConfig config, InstantSource clock,
                        Ticker ticker, Scheduler scheduler, Executor executor, RandomGenerator random) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.serial = new SerialExecutor(Objects.requireNonNull(executor, "executor"), this::executorRejected);
        this.ids = new RequestIdPool(Objects.requireNonNull(random, "random"));
    }

    // =====================================================================================================
    // Public face (any thread)
    // =====================================================================================================

    /**
     * Hands the login to a token manager (docs/protocol.md §1.3, §6.3): on every opened socket it logs in (registering,
     * logging the user in, renewing or sending {@code 0718} as needed) instead of the plain {@code 0718}. Call once,
     * before {@link #connect()}.
     *
     * @param manager the token manager
     */
    public void useTokenManager(TokenManager manager) {
        this.tokens = Objects.requireNonNull(manager, "manager");
    }

    /** @return the token manager, or null on the plain-token path */
    public TokenManager tokenManager() {
        return tokens;
    }

    /**
     * Renews the token and logs the live socket in again, after a {@code 401 TOKEN_EXPIRED} (docs/protocol.md §6.3).
     * Single flight: see {@link TokenManager#refresh}.
     *
     * @param staleToken the token in use when the refused request went out
     * @return completes when the socket is logged in again; fails with the typed refusal, or if there is no token
     *     manager or no live connection
     */
    public CompletableFuture<Void> reauthenticate(String staleToken) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        serial.execute(() -> {
            TokenManager tm = tokens;
            Session s = session;
            if (tm == null) {
                result.completeExceptionally(new IllegalStateException("no credentials to renew the token with"));
            } else if (s == null || s.terminated || s.connection == null) {
                result.completeExceptionally(notConnected());
            } else {
                tm.refresh(wire(s), staleToken).whenComplete((v, e) -> serial.execute(() -> {
                    if (e != null) {
                        result.completeExceptionally(asDfx(e));
                    } else {
                        result.complete(null);
                    }
                }));
            }
        });
        return result;
    }

    /**
     * A request path on one socket that works before the login (docs/protocol.md §1.3 C: {@code 0705}, {@code 0201},
     * {@code 0718}, {@code 2304}) and fails with the typed server error for a status of 400 or more.
     */
    private TokenManager.Wire wire(Session s) {
        return (action, body) -> {
            CompletableFuture<DfxMessage> f = new CompletableFuture<>();
            ByteBuffer frame;
            try {
                frame = encode(body);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            serial.execute(() -> {
                if (s.terminated || s.connection == null || s != session || s.closingLocally) {
                    f.completeExceptionally(notConnected());
                    return;
                }
                RequestId id;
                try {
                    id = ids.allocate(action);
                } catch (DfxException e) {
                    f.completeExceptionally(e);
                    return;
                }
                sendRequest(s, action, id, frame, config.requestTimeout(), new ResponseHandler() {
                    @Override
                    public void onResponse(DfxMessage m) {
                        if (m.isError()) {
                            f.completeExceptionally(serverError(m, action));
                        } else {
                            f.complete(m);
                        }
                    }

                    @Override
                    public void onFailure(RuntimeException e) {
                        f.completeExceptionally(e);
                    }
                });
            });
            return f;
        };
    }

    /** @return the current state (written on the serial executor, readable anywhere) */
    public ConnectionState state() {
        return state;
    }

    /** @return true if the calling thread is the engine's serial executor */
    public boolean inEngineThread() {
        return serial.inExecutor();
    }

    /** @return opens the connection and logs in; see {@code DfxClient.connect()} */
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        serial.execute(() -> startConnect(result));
        return result;
    }

    /** @return closes the connection with 1000; completes when it is closed (bounded) */
    public CompletableFuture<Void> disconnect() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        serial.execute(() -> startDisconnect(result));
        return result;
    }

    /**
     * Marks the engine shut down, then disconnects.
     *
     * @return completes when the connection is closed (bounded by the close timer)
     */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        serial.execute(() -> {
            shutdown = true;
            TokenManager tm = tokens;
            if (tm != null) {
                tm.shutdown();
            }
            startDisconnect(result);
        });
        return result;
    }

    /** Aborts a connection that did not close in time and fails what is left. Used by {@code close()}. */
    public void forceClose() {
        serial.execute(() -> {
            Session s = session;
            if (s != null) {
                s.noReconnect = true;
            }
            if (stopReconnect(new DfxConnectionClosedException(ABNORMAL_CLOSURE, "client closed", false))
                    && (s == null || s.terminated)) {
                fire(ConnectionLifecycle.Trigger.DISCONNECT);
            }
            if (s != null && !s.terminated) {
                s.closingLocally = true;
                abortQuietly(s);
                terminate(s, ABNORMAL_CLOSURE, "client closed", false, null);
            }
        });
    }

    /**
     * Sends one request. The body is encoded on the calling thread, so an unsupported body fails at once.
     *
     * @param actionId the action
     * @param body a body the codec accepts
     * @param timeout positive
     * @return completes with the response; see {@code DfxClient.sendMessage}
     */
    public CompletableFuture<DfxMessage> sendMessage(ActionId actionId, Object body, Duration timeout) {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        ByteBuffer frame = encode(body);
        CompletableFuture<DfxMessage> result = new CompletableFuture<>();
        serial.execute(() -> startRequest(actionId, frame, timeout, result));
        return result;
    }

    /**
     * Starts a measurement stream; see {@code DfxClient.startMeasurement}.
     *
     * @param measurementId non-blank
     * @param chunkCount 1 or more
     * @param options the stream's knobs
     * @return the stream
     */
    public MeasurementStream startMeasurement(String measurementId, int chunkCount, MeasurementOptions options) {
        Objects.requireNonNull(measurementId, "measurementId");
        Objects.requireNonNull(options, "options");
        if (measurementId.isBlank()) {
            throw new IllegalArgumentException("measurementId must not be blank");
        }
        if (chunkCount < 1) {
            throw new IllegalArgumentException("chunkCount must be 1 or more, got " + chunkCount);
        }
        RequestId id = ids.allocate(ActionId.MEASUREMENTS_SUBSCRIBE);
        MeasurementSession stream = new MeasurementSession(this, measurementId, chunkCount, id, options);
        serial.execute(() -> startSubscription(stream));
        return stream;
    }

    /** @param listener every inbound message @return its registration */
    public ListenerRegistration onMessage(Consumer<? super DfxMessage> listener) {
        return messageListeners.add(listener);
    }

    /** @param listener every connection end @return its registration */
    public ListenerRegistration onClose(Consumer<? super CloseEvent> listener) {
        return closeListeners.add(listener);
    }

    /** @param listener protocol, heartbeat and transport errors @return its registration */
    public ListenerRegistration onError(Consumer<? super DfxException> listener) {
        return errorListeners.add(listener);
    }

    /** @param listener connection events @return its registration */
    public ListenerRegistration onConnectionEvent(Consumer<? super ConnectionEvent> listener) {
        return eventListeners.add(listener);
    }

    // =====================================================================================================
    // Services for MeasurementSession (serial executor)
    // =====================================================================================================

    Executor serial() {
        return serial;
    }

    void execute(Runnable task) {
        serial.execute(task);
    }

    InstantSource clock() {
        return clock;
    }

    Ticker ticker() {
        return ticker;
    }

    DfxClientConfig config() {
        return config;
    }

    ByteBuffer encode(Object body) {
        try {
            return codec.encode(body, FrameCodec.REQUEST_HEADER_BYTES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("body: " + e.getMessage(), e);
        }
    }

    void reportError(DfxException error) {
        errorListeners.dispatch(error);
    }

    boolean isReady() {
        return state == ConnectionState.READY && session != null && !session.terminated;
    }

    /** @return true while the reconnect policy is at work: streams wait instead of failing */
    boolean isReconnecting() {
        return reconnecting != null;
    }

    /**
     * The backoff before retry {@code n} of a request answered with {@code 5xx} (docs/protocol.md §6.3), on the reconnect
     * policy's curve with its jitter.
     */
    Duration backoff(int attempt) {
        return config.reconnectPolicy().delay(attempt, ids.nextDouble());
    }

    /**
     * A send on the live connection failed: the socket is broken even if the transport has not said so yet. Ends the
     * connection now (which may start a reconnect) so that no stream keeps writing into it.
     *
     * @return true if the connection was ended here and will be resumed by the reconnect policy
     */
    boolean connectionBroken(DfxException cause) {
        Session s = session;
        if (s == null || s.terminated || !s.wasReady || s.noReconnect || shutdown
                || !config.reconnectPolicy().enabled()) {
            return false;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "send failed, dropping the connection: " + cause.getMessage());
        s.closingLocally = true;
        abortQuietly(s);
        terminate(s, ABNORMAL_CLOSURE, "send failed", false, null);
        return true;
    }

    /** A stream's subscription was refused with {@code 5xx}: subscribe again with a new id after a backoff. */
    void resubscribeAfter(MeasurementSession stream, Duration delay) {
        release(stream);
        stream.setRetryTimer(schedule(delay, () -> {
            stream.clearRetryTimer();
            if (stream.isEnded()) {
                return;
            }
            if (reconnecting != null) {
                resuming.add(stream);
            } else if (isReady()) {
                subscribeNow(stream, ids.allocate(ActionId.MEASUREMENTS_SUBSCRIBE));
            } else {
                stream.fail(notConnected());
            }
        }));
    }

    /** The stream ended: its id is free and results on it are no longer expected. */
    void release(MeasurementSession stream) {
        subscriptions.remove(stream.subscriptionId(), stream);
        ids.release(stream.subscriptionId());
    }

    /**
     * Runs a task on the serial executor after a delay. The handle's cancel is effective once called on the serial
     * executor, even if the scheduler already fired.
     */
    Scheduler.Cancellable schedule(Duration delay, Runnable task) {
        Timer t = new Timer(task);
        try {
            t.inner = scheduler.schedule(delay, () -> serial.execute(t));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "scheduler is shut down; timer dropped");
        }
        return t;
    }

    static void cancel(Scheduler.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    /**
     * Sends a request on the live connection and correlates its answer to the handler (serial executor).
     *
     * @param actionId the action
     * @param frame the encoded body with header room
     * @param timeout answer bound
     * @param handler gets the response or the failure, exactly once
     */
    void request(ActionId actionId, ByteBuffer frame, Duration timeout, ResponseHandler handler) {
        request(actionId, frame, timeout, handler, () -> false);
    }

    /**
     * As {@link #request(ActionId, ByteBuffer, Duration, ResponseHandler)}; a resumable request is not failed when the
     * connection drops and a reconnect follows: its owner (a measurement stream) resends it itself. The supplier is
     * asked at the drop: an owner that ended meanwhile (a final result came while the chunk was in flight) answers
     * false, so its request fails with the close instead of waiting for a resend that never comes (issue 12).
     */
    void request(ActionId actionId, ByteBuffer frame, Duration timeout, ResponseHandler handler,
                 java.util.function.BooleanSupplier resumable) {
        Session s = session;
        if (s == null || s.terminated || s.connection == null) {
            handler.onFailure(notConnected());
            return;
        }
        RequestId id;
        try {
            id = ids.allocate(actionId);
        } catch (DfxException e) {
            handler.onFailure(e);
            return;
        }
        sendRequest(s, actionId, id, frame, timeout, handler).resumable = resumable;
    }

    /** @return the typed exception for an error response (docs/protocol.md §6.1) */
    DfxServerException serverError(DfxMessage m, ActionId actionId) {
        String code = "";
        String message;
        try {
            ErrorBody b = m.bodyAs(ErrorBody.class);
            code = b.code();
            message = b.message();
        } catch (RuntimeException e) {
            message = "error body is not JSON (" + m.rawBody().remaining() + " bytes)";
        }
        return DfxServerException.of(m.status(), code, message, actionId, m.requestId());
    }

    /** Why a request cannot go now: never connected / not ready yet, or the connection is gone. */
    RuntimeException notConnected() {
        switch (state) {
            case NEW:
            case CONNECTING:
            case AUTHENTICATING:
                return new IllegalStateException("not connected (state " + state
                        + "): call connect() and wait for its future before sending");
            default:
                CloseEvent c = lastClose;
                return c != null ? new DfxConnectionClosedException(c.code(), c.reason(), c.remote())
                        : new DfxConnectionClosedException(ABNORMAL_CLOSURE, "not connected (state " + state + ")",
                        false);
        }
    }

    // =====================================================================================================
    // Connection life cycle (serial executor)
    // =====================================================================================================

    /**
     * The only way the state changes: one row of {@link ConnectionLifecycle}'s table. A pair the table lacks is an
     * engine bug: it is logged, counted ({@link #illegalTransitions()}) and the state stays.
     */
    private void fire(ConnectionLifecycle.Trigger trigger) {
        ConnectionState prev = state;
        java.util.Optional<ConnectionState> next = ConnectionLifecycle.next(prev, trigger);
        if (next.isEmpty()) {
            illegalTransitions++;
            LOG.log(System.Logger.Level.ERROR, () -> "no transition from " + prev + " on " + trigger + "; state kept");
            return;
        }
        ConnectionState n = next.get();
        state = n;
        if (prev != n) {
            LOG.log(System.Logger.Level.DEBUG, () -> "state " + prev + " -> " + n + " on " + trigger);
        }
    }

    /** @return how many events found no row in the transition table (0 unless the engine has a bug); any thread */
    public long illegalTransitions() {
        return illegalTransitions;
    }

    private ConnectSpec connectSpec() {
        ConnectSpec.Builder b = ConnectSpec.builder(config.uri())
                .subprotocols(List.of(codec.subprotocol()))
                .connectTimeout(config.connectTimeout())
                .maxFrameBytes(config.maxFrameBytes())
                .maxQueuedBytes(config.maxQueuedBytes())
                .allowInsecureRemote(config.allowInsecureRemote()).sslContext(config.sslContext().orElse(null))
                .proxy(config.proxy().orElse(null));
        String token = tokens != null ? tokens.currentToken() : config.token();
        if (config.headerAuth() && token != null) {
            // docs/protocol.md §1.3 B. ConnectSpec hides header values; never log this one.
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private void startConnect(CompletableFuture<Void> result) {
        if (shutdown) {
            result.completeExceptionally(new IllegalStateException("client is closed"));
            return;
        }
        switch (state) {
            case CONNECTING:
            case AUTHENTICATING:
            case READY:
            case CLOSING:
            case RECONNECTING:
                result.completeExceptionally(new IllegalStateException("connect() while " + state
                        + "; disconnect first"));
                return;
            default:
                break;
        }
        fire(ConnectionLifecycle.Trigger.CONNECT);
        attemptsSinceHealthy = 0; // the app's own connect() starts afresh
        openSession(new Session(result));
    }

    /** Opens a connection for a session (the app's connect() or a reconnect attempt); login follows in onOpened. */
    private void openSession(Session s) {
        session = s;
        ConnectSpec spec;
        CompletableFuture<Connection> opening;
        try {
            spec = connectSpec();
            LOG.log(System.Logger.Level.INFO, () -> "connecting to " + config.uri());
            opening = Objects.requireNonNull(transport.connect(spec, s), "transport.connect returned null");
        } catch (RuntimeException e) {
            connectFailed(s, e);
            return;
        }
        Duration bound = config.connectTimeout().plus(CONNECT_GRACE);
        s.connectTimer = schedule(bound, () -> {
            if (s == session && s.connection == null && !s.terminated && !s.connected.isDone()) {
                connectFailed(s, new DfxTimeoutException("connect to " + config.uri(), bound));
            }
        });
        opening.whenComplete((c, e) -> serial.execute(() -> onOpened(s, c, e)));
    }

    private void onOpened(Session s, Connection c, Throwable error) {
        cancel(s.connectTimer);
        if (error != null) {
            if (!s.connected.isDone()) {
                connectFailed(s, error);
            }
            return;
        }
        if (s != session || s.terminated || s.connected.isDone()) {
            // Disconnected, timed out or replaced while the transport was still opening: drop the socket.
            closeQuietly(c, NORMAL_CLOSURE, "connect abandoned");
            return;
        }
        s.connection = c;
        s.ioConnection = c;
        LOG.log(System.Logger.Level.INFO, () -> "connected to " + config.uri() + " (subprotocol "
                + c.subprotocol() + ")");
        startHeartbeat(s);
        if (config.inBandLogin()) {
            login(s);
        } else {
            ready(s);
        }
    }

    private void connectFailed(Session s, Throwable error) {
        DfxException e = asDfx(error);
        if (s == session && s.attempt == 0) {
            fire(ConnectionLifecycle.Trigger.OPEN_FAILED);
        }
        // A reconnect attempt's failure moves the state in attemptFailed (ATTEMPT_FAILED or GIVE_UP).
        LOG.log(System.Logger.Level.INFO, () -> "connect to " + config.uri() + " failed: " + e.getMessage());
        s.terminated = true;
        s.connected.completeExceptionally(e);
        s.closed.complete(null);
    }

    /** docs/protocol.md §1.3 A: {@code 0718} first; nothing else is sent before its answer (requests need READY). */
    private void login(Session s) {
        fire(ConnectionLifecycle.Trigger.OPENED);
        TokenManager tm = tokens;
        if (tm != null) {
            // issue 11: the token manager logs in (0718, or 0705/0201 on a bare socket, §1.3 C; renewing if needed)
            CompletableFuture<Void> auth;
            try {
                auth = tm.authenticate(wire(s));
            } catch (RuntimeException e) {
                auth = CompletableFuture.failedFuture(e);
            }
            auth.whenComplete((v, e) -> serial.execute(() -> {
                if (s != session || s.terminated || s.connected.isDone()) {
                    return;
                }
                if (e != null) {
                    loginFailed(s, asDfx(e));
                } else {
                    ready(s);
                }
            }));
            return;
        }
        ActionId action = ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN;
        ByteBuffer frame;
        RequestId id;
        try {
            frame = codec.encode(new LoginRequest(config.token()), FrameCodec.REQUEST_HEADER_BYTES);
            id = ids.allocate(action);
        } catch (RuntimeException e) {
            loginFailed(s, asDfx(e));
            return;
        }
        sendRequest(s, action, id, frame, config.requestTimeout(), new ResponseHandler() {
            @Override
            public void onResponse(DfxMessage m) {
                // Success body is undocumented (§1.3): any body is fine. Non-200 is fatal.
                if (m.status() == 200) {
                    ready(s);
                } else {
                    loginFailed(s, serverError(m, action));
                }
            }

            @Override
            public void onFailure(RuntimeException e) {
                loginFailed(s, e);
            }
        });
    }

    private void loginFailed(Session s, RuntimeException e) {
        if (s.connected.isDone()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, () -> "login refused or failed: " + e.getMessage());
        s.noReconnect = true;
        if (s.terminated) {
            s.connected.completeExceptionally(e);
            return;
        }
        if (s.attempt == 0) {
            fire(ConnectionLifecycle.Trigger.OPEN_FAILED);
        }
        s.connected.completeExceptionally(e); // a reconnect attempt: attemptFailed moves the state
        beginClose(s, NORMAL_CLOSURE, "login failed");
    }

    private void ready(Session s) {
        s.wasReady = true;
        fire(ConnectionLifecycle.Trigger.LOGGED_IN);
        s.healthTimer = schedule(HEALTHY_UPTIME, this::connectionHealthy);
        if (reconnecting != null) {
            int attempt = reconnecting.attempt;
            LOG.log(System.Logger.Level.INFO, () -> "reconnected to " + config.uri() + " on attempt " + attempt);
            reconnecting = null;
        }
        eventListeners.dispatch(new ConnectionEvent.Connected(config.uri()));
        s.connected.complete(null);
        // docs/protocol.md §6.3: re-auth done; re-subscribe every waiting stream with a new RequestID.
        List<MeasurementSession> waiting = new ArrayList<>(resuming);
        resuming.clear();
        for (MeasurementSession stream : waiting) {
            if (!stream.isEnded() && isReady()) {
                subscribeNow(stream, ids.allocate(ActionId.MEASUREMENTS_SUBSCRIBE));
            }
        }
    }

    // =====================================================================================================
    // Reconnect (docs/protocol.md §6.3)
    // =====================================================================================================

    private void startReconnect(DfxException cause, int closeCode) {
        reconnecting = new Reconnect();
        // 1012/1013: the server asks to come back later; wait the policy's cap rather than its first step.
        reconnecting.serverAskedToWait = closeCode == SERVICE_RESTART || closeCode == TRY_AGAIN_LATER;
        scheduleAttempt(attemptsSinceHealthy + 1, cause, false);
    }

    /** The live connection proved healthy (it carried an acked chunk, or stayed up long enough). */
    void connectionHealthy() {
        Session s = session;
        if (s != null && !s.terminated && s.wasReady && attemptsSinceHealthy != 0) {
            LOG.log(System.Logger.Level.DEBUG, "connection proved healthy; reconnect backoff reset");
            attemptsSinceHealthy = 0;
        }
    }

    /** @param afterFailure true when an attempt just failed (ATTEMPT_FAILED), false right after the drop */
    private void scheduleAttempt(int attempt, DfxException cause, boolean afterFailure) {
        Reconnect r = reconnecting;
        if (r == null) {
            return;
        }
        if (attempt > config.reconnectPolicy().maxAttempts()) {
            giveUp(cause);
            return;
        }
        Duration delay = r.serverAskedToWait
                ? config.reconnectPolicy().delay(Math.max(attempt, 64), ids.nextDouble())
                : backoff(attempt);
        r.serverAskedToWait = false;
        r.attempt = attempt;
        attemptsSinceHealthy = attempt;
        if (afterFailure) {
            fire(ConnectionLifecycle.Trigger.ATTEMPT_FAILED);
        }
        LOG.log(System.Logger.Level.INFO, () -> "reconnect attempt " + attempt + " to " + config.uri() + " in "
                + delay);
        eventListeners.dispatch(new ConnectionEvent.RetryScheduled(attempt, delay));
        r.timer = schedule(delay, () -> attempt(r, attempt));
    }

    private void attempt(Reconnect r, int attempt) {
        if (reconnecting != r || shutdown) {
            return;
        }
        Session s = new Session(new CompletableFuture<>());
        s.attempt = attempt;
        fire(ConnectionLifecycle.Trigger.RETRY_DUE);
        s.connected.whenComplete((v, e) -> {
            if (e != null) {
                attemptFailed(r, s, asDfx(e));
            }
        });
        openSession(s);
    }

    private void attemptFailed(Reconnect r, Session s, DfxException e) {
        if (reconnecting != r || s != session || shutdown) {
            return; // disconnected or closed meanwhile: nothing more to try
        }
        LOG.log(System.Logger.Level.INFO, () -> "reconnect attempt " + s.attempt + " failed: " + e.getMessage());
        eventListeners.dispatch(new ConnectionEvent.RetryFailed(s.attempt, e));
        if (e instanceof DfxServerException && ((DfxServerException) e).status() < 500) {
            // The server answered the login with a refusal (e.g. 401 INVALID_TOKEN): retrying cannot fix it. A 5xx
            // is the server's own trouble: docs/protocol.md §6.3 says retry with backoff, so the attempts go on.
            giveUp(e);
            return;
        }
        scheduleAttempt(s.attempt + 1, e, true);
    }

    private void giveUp(DfxException cause) {
        reconnecting = null;
        fire(ConnectionLifecycle.Trigger.GIVE_UP);
        LOG.log(System.Logger.Level.WARNING, () -> "reconnect to " + config.uri() + " gave up: " + cause.getMessage());
        eventListeners.dispatch(new ConnectionEvent.GaveUp(cause));
        failResuming(cause);
    }

    /**
     * Stops the reconnect policy (disconnect, close); waiting streams fail with the given cause.
     *
     * @return true if it was at work
     */
    private boolean stopReconnect(DfxException cause) {
        Reconnect r = reconnecting;
        if (r == null) {
            return false;
        }
        reconnecting = null;
        cancel(r.timer);
        failResuming(cause);
        return true;
    }

    private void failResuming(DfxException cause) {
        List<MeasurementSession> waiting = new ArrayList<>(resuming);
        resuming.clear();
        for (MeasurementSession stream : waiting) {
            stream.fail(cause);
        }
    }

    private void startDisconnect(CompletableFuture<Void> result) {
        Session s = session;
        if (s != null) {
            s.noReconnect = true;
        }
        if (reconnecting != null) {
            stopReconnect(new DfxConnectionClosedException(NORMAL_CLOSURE, "disconnected while reconnecting", false));
            if (s == null || s.terminated) {
                fire(ConnectionLifecycle.Trigger.DISCONNECT);
            }
        }
        if (s == null || s.terminated) {
            result.complete(null);
            return;
        }
        s.closed.whenComplete((v, e) -> result.complete(null));
        if (s.closingLocally) {
            return;
        }
        fire(ConnectionLifecycle.Trigger.DISCONNECT);
        if (s.connection == null) {
            // Still opening: the late connection is closed in onOpened.
            s.closingLocally = true;
            terminate(s, NORMAL_CLOSURE, "disconnected while connecting", false, null);
            return;
        }
        LOG.log(System.Logger.Level.INFO, () -> "disconnecting from " + config.uri());
        beginClose(s, NORMAL_CLOSURE, "normal closure");
    }

    /** Starts the close handshake, bounded: if the transport does not report the close in time, abort. */
    private void beginClose(Session s, int code, String reason) {
        s.closingLocally = true;
        closeQuietly(s.connection, code, reason);
        Duration bound = config.connectTimeout();
        s.closeTimer = schedule(bound, () -> {
            if (!s.terminated) {
                LOG.log(System.Logger.Level.WARNING, "close handshake timed out; aborting the socket");
                abortQuietly(s);
                terminate(s, ABNORMAL_CLOSURE, "close handshake timed out", false, null);
            }
        });
    }

    private static void pauseOrResume(Connection c, boolean pause) {
        if (c == null) {
            return;
        }
        try {
            if (pause) {
                c.pauseReading();
            } else {
                c.resumeReading();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "pause/resume reading failed", e);
        }
    }

    private static void closeQuietly(Connection c, int code, String reason) {
        try {
            c.close(code, reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }

    private static void abortQuietly(Session s) {
        if (s.connection != null) {
            try {
                s.connection.abort();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "abort failed", e);
            }
        }
    }

    /**
     * The one terminal event of a connection: fails what is pending, emits {@code Disconnected}, calls the
     * {@code onClose} listeners. Later terminal reports for the same session are ignored.
     */
    private void terminate(Session s, int code, String reason, boolean remote, DfxException error) {
        if (s.terminated) {
            return;
        }
        s.terminated = true;
        cancel(s.heartbeat);
        cancel(s.requestTimer);
        cancel(s.probeDeadline);
        cancel(s.healthTimer);
        cancel(s.closeTimer);
        cancel(s.connectTimer);
        if (s != session) {
            s.closed.complete(null);
            return;
        }
        TokenManager tm = tokens;
        if (tm != null) {
            tm.onDisconnected(); // the renewal timer must not send into a dead socket
        }
        if (error != null) {
            errorListeners.dispatch(error);
        }
        DfxConnectionClosedException closed = new DfxConnectionClosedException(code, reason, remote);
        lastClose = new CloseEvent(code, reason, remote);
        // docs/protocol.md §6.3: only a connection that was READY and ended without the app asking is resumed.
        boolean resume = s.wasReady && !s.noReconnect && !shutdown && config.reconnectPolicy().enabled();
        switch (state) {
            case READY:
                fire(resume ? ConnectionLifecycle.Trigger.DROPPED_RESUMABLE : ConnectionLifecycle.Trigger.DROPPED);
                break;
            case CLOSING:
                fire(ConnectionLifecycle.Trigger.CLOSED);
                break;
            case CONNECTING:
            case AUTHENTICATING:
                if (s.attempt == 0) {
                    fire(ConnectionLifecycle.Trigger.OPEN_FAILED);
                }
                // else: failing s.connected below runs attemptFailed (ATTEMPT_FAILED or GIVE_UP)
                break;
            default:
                // FAILED, RECONNECTING, CLOSED: the failure of this session already moved the state (a refused or
                // timed-out login closes its socket afterwards); the late close changes nothing (issue 12).
                break;
        }
        List<Pending> failed = new ArrayList<>(pending.values());
        pending.clear();
        s.deadlines.clear();
        for (Pending p : failed) {
            ids.release(p.id);
            if (!(resume && p.resumable.getAsBoolean())) {
                // Plain requests are never replayed: the server may or may not have acted on them.
                p.handler.onFailure(closed);
            }
        }
        for (MeasurementSession stream : new ArrayList<>(subscriptions.values())) {
            if (resume) {
                release(stream);
                stream.onConnectionLost();
                resuming.add(stream);
            } else {
                stream.fail(closed);
            }
        }
        if (!resume && reconnecting == null) {
            failResuming(closed);
        }
        LOG.log(System.Logger.Level.INFO, () -> "disconnected from " + config.uri() + ": code " + code
                + (reason.isEmpty() ? "" : " (" + reason + ")") + (remote ? " by the server" : " locally"));
        eventListeners.dispatch(new ConnectionEvent.Disconnected(code, reason, remote));
        closeListeners.dispatch(lastClose);
        s.connected.completeExceptionally(closed);
        s.closed.complete(null);
        if (resume) {
            startReconnect(error != null ? error : closed, code);
        }
    }

    /**
     * The client's executor rejected a task (issue 12): nothing runs on the transport's I/O thread instead. On the
     * serial executor's fallback thread, the live connection is dropped (no reconnect: the engine cannot run its
     * steps), so pending requests and streams fail with a {@link DfxConnectionClosedException} whose reason names the
     * rejection, and the onError listeners get a {@link DfxException} that says what to do.
     */
    private void executorRejected(RejectedExecutionException e) {
        if (shutdown) {
            LOG.log(System.Logger.Level.DEBUG, "executor rejected a task after close; running it on a fallback thread");
            return;
        }
        DfxException error = new DfxException("the client's executor rejected a task (" + e.getMessage()
                + "); the connection is dropped and its pending operations fail. Give the client an executor that "
                + "accepts its work, and close the client before shutting that executor down", e);
        LOG.log(System.Logger.Level.ERROR, error.getMessage());
        Session s = session;
        if (stopReconnect(error) && (s == null || s.terminated)) {
            fire(ConnectionLifecycle.Trigger.GIVE_UP);
        }
        if (s != null && !s.terminated) {
            s.noReconnect = true;
            s.closingLocally = true;
            abortQuietly(s);
            terminate(s, ABNORMAL_CLOSURE, "client executor rejected a task", false, error);
        }
    }

    // =====================================================================================================
    // Heartbeat (docs/protocol.md §1.4)
    // =====================================================================================================

    private void startHeartbeat(Session s) {
        Duration interval = config.heartbeatInterval();
        if (!interval.isZero()) {
            s.heartbeat = schedule(interval, () -> heartbeat(s, interval));
        }
    }

    /**
     * One heartbeat tick (docs/protocol.md §1.4, issue 12): a pong is <i>missed</i> when the ping sent at the previous tick
     * got no pong (nor any other frame) by this tick; when more than {@code allowedMissedPongs} pongs in a row are
     * missed the connection is dead. So with interval {@code i} and {@code n} allowed misses, a server that went
     * silent is found at most {@code (n + 2) × i} later (defaults 5 s and 2: 20 s, under the 30 s request timeout).
     */
    private void heartbeat(Session s, Duration interval) {
        if (s.terminated) {
            return;
        }
        if (s.pingOutstanding) {
            s.missedPongs++;
            if (s.missedPongs > config.allowedMissedPongs()) {
                int missed = s.missedPongs;
                LOG.log(System.Logger.Level.WARNING, () -> missed + " pongs missed in a row; connection dead");
                connectionDead(s, "no pong from the server", interval.multipliedBy(missed));
                return;
            }
        }
        sendPing(s);
        s.heartbeat = schedule(interval, () -> heartbeat(s, interval));
    }

    /** The peer proved alive (a pong or any frame): no pong is missing, no probe is waiting. */
    private void heard(Session s) {
        s.pingOutstanding = false;
        s.missedPongs = 0;
        cancel(s.probeDeadline);
        s.probeDeadline = null;
    }

    /**
     * A request got no answer within one heartbeat interval (issue 12, "silent drop"): probe the socket with a ping at
     * once; if neither a pong nor any frame comes within one more interval, the connection is dead and the reconnect
     * policy resumes its streams, long before the request itself would time out.
     */
    private void probe(Session s, Duration interval) {
        if (s.terminated || s != session || s.probeDeadline != null || s.connection == null) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "an answer is late; probing the connection with a ping");
        sendPing(s);
        s.probeDeadline = schedule(interval, () -> {
            s.probeDeadline = null;
            if (!s.terminated) {
                LOG.log(System.Logger.Level.WARNING, "probe ping unanswered; connection dead");
                connectionDead(s, "no pong to the probe", interval);
            }
        });
    }

    private void connectionDead(Session s, String reason, Duration silent) {
        s.closingLocally = true;
        abortQuietly(s);
        terminate(s, ABNORMAL_CLOSURE, reason, false, new DfxTimeoutException("pong", silent));
    }

    private void sendPing(Session s) {
        s.pingOutstanding = true;
        ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(0, s.pingCount++).asReadOnlyBuffer();
        try {
            s.connection.ping(payload).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.log(System.Logger.Level.DEBUG, "ping failed", e);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "ping failed", e);
        }
    }

    // =====================================================================================================
    // Requests and inbound frames
    // =====================================================================================================

    private void startRequest(ActionId actionId, ByteBuffer frame, Duration timeout,
                              CompletableFuture<DfxMessage> result) {
        if (!isReady()) {
            result.completeExceptionally(notConnected());
            return;
        }
        int limit = config.maxPendingRequests();
        if (pending.size() >= limit) {
            result.completeExceptionally(new DfxException("too many requests in flight: " + pending.size()
                    + " already wait for an answer (maxPendingRequests " + limit + "); nothing was sent"));
            return;
        }
        request(actionId, frame, timeout, new ResponseHandler() {
            @Override
            public void onResponse(DfxMessage m) {
                if (m.isError()) {
                    result.completeExceptionally(serverError(m, actionId));
                } else {
                    result.complete(m);
                }
            }

            @Override
            public void onFailure(RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    /**
     * Sends a request and correlates its answer. Its timeout and its silent-drop probe are not timers of their own:
     * they are deadlines in the session's {@link RequestDeadlines}, served by the session's one request timer
     * ({@link #armRequestTimer}, issue 14). An answer unlinks the request and costs no scheduler call.
     */
    private Pending sendRequest(Session s, ActionId actionId, RequestId id, ByteBuffer frame, Duration timeout,
                                ResponseHandler handler) {
        FrameCodec.writeRequestHeader(frame, actionId, id);
        Pending p = new Pending(id, actionId, timeout, handler);
        pending.put(id, p);
        long first = s.deadlines.add(p, ticker.nanoTime(), saturatedNanos(timeout),
                saturatedNanos(config.heartbeatInterval()));
        // Armed before the send, as the per-request timers were: a send that throws an Error (a transport bug the
        // catch in send() does not take) must not leave the request without its timeout.
        armRequestTimer(s, first);
        send(s, actionId, id, frame, e -> {
            if (pending.remove(id, p)) {
                s.deadlines.remove(p);
                ids.release(id);
                handler.onFailure(e);
            }
        });
        return p;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Keeps the invariant of the session's one request timer: while requests are pending it is armed at or before
     * their earliest deadline. A deadline later than the armed one costs nothing (the common case: the timer is
     * armed for an older request); an earlier one (a shorter timeout) re-arms it.
     *
     * @param at ticker nanos
     */
    private void armRequestTimer(Session s, long at) {
        if (s.terminated || s.servingDeadlines
                || (s.requestTimer != null && !RequestDeadlines.before(at, s.requestTimerAt))) {
            return;
        }
        cancel(s.requestTimer);
        s.requestTimerAt = at;
        long delay = RequestDeadlines.cap(at - ticker.nanoTime());
        Timer t = (Timer) schedule(Duration.ofNanos(delay), () -> serveDeadlines(s));
        // A scheduler that refused the timer (logged in schedule) leaves none armed, so that the next request tries
        // again instead of trusting a timer that never fires (each request scheduled its own before, issue 14).
        s.requestTimer = t.inner == null ? null : t;
    }

    /**
     * The session's request timer fired (serial executor): handles every due event in deadline order, as the two
     * timers per request did before: a due probe pings the socket if the request is still unanswered
     * ({@link #probe}); a due timeout fails the request with {@link DfxTimeoutException} and frees its id. Then
     * re-arms for the next earliest deadline, if any.
     */
    private void serveDeadlines(Session s) {
        s.requestTimer = null;
        if (s.terminated) {
            return;
        }
        s.servingDeadlines = true;
        try {
            while (!s.terminated) {
                Pending p = (Pending) s.deadlines.pollDue(ticker.nanoTime());
                if (p == null) {
                    break;
                }
                if (p.probeDue()) {
                    if (pending.get(p.id) == p) {
                        probe(s, config.heartbeatInterval());
                    }
                } else if (pending.remove(p.id, p)) {
                    ids.release(p.id);
                    p.handler.onFailure(new DfxTimeoutException("request " + p.actionId.code() + " "
                            + p.id.value(), p.timeout));
                }
            }
        } finally {
            // In the finally: an Error out of one event (a transport's ping, say) must not leave the other pending
            // requests without a timer; with a timer per request it could not (issue 14).
            s.servingDeadlines = false;
            if (!s.terminated && !s.deadlines.isEmpty()) {
                armRequestTimer(s, s.deadlines.earliest(0));
            }
        }
    }

    private void send(Session s, ActionId actionId, RequestId id, ByteBuffer frame, Consumer<DfxException> onFail) {
        int size = frame.remaining();
        LOG.log(System.Logger.Level.TRACE, () -> "-> " + actionId.code() + " " + id.value() + " " + size + " bytes");
        CompletableFuture<Void> sent;
        try {
            sent = s.connection.sendBinary(frame);
        } catch (RuntimeException e) {
            onFail.accept(asDfx(e));
            return;
        }
        sent.whenComplete((v, e) -> {
            if (e != null) {
                serial.execute(() -> onFail.accept(asDfx(e)));
            }
        });
    }

    private void onFrame(Session s, ByteBuffer binary, String text) {
        if (s != session || s.terminated) {
            LOG.log(System.Logger.Level.TRACE, "frame after the connection ended; dropped");
            return;
        }
        heard(s);
        ResponseFrame f;
        try {
            f = binary != null ? FrameCodec.decodeResponse(binary) : FrameCodec.decodeResponse(text);
        } catch (DfxProtocolException e) {
            errorListeners.dispatch(e);
            return;
        } catch (RuntimeException e) {
            errorListeners.dispatch(new DfxProtocolException("malformed frame: " + e.getMessage(), e));
            return;
        }
        RequestId id = f.requestId();
        DfxMessage m = DfxMessage.of(id, f.status(), f.body(), codec);
        LOG.log(System.Logger.Level.TRACE, () -> "<- " + id.value() + " " + f.status() + " "
                + f.body().remaining() + " bytes" + (text != null ? " (text)" : ""));
        messageListeners.dispatch(m);
        Pending p = pending.remove(id);
        if (p != null) {
            s.deadlines.remove(p); // eager: the armed timer stays as it is (no scheduler call)
            ids.release(id);
            p.handler.onResponse(m);
            return;
        }
        MeasurementSession stream = subscriptions.get(id);
        if (stream != null) {
            stream.onSubscriptionMessage(m);
            return;
        }
        errorListeners.dispatch(new DfxProtocolException("unknown request id " + id.value() + " (status "
                + f.status() + "): no request in flight or subscription has it"));
    }

    private void startSubscription(MeasurementSession stream) {
        if (!shutdown && reconnecting != null) {
            release(stream); // its id is drawn anew when it subscribes once READY again
            resuming.add(stream);
            return;
        }
        if (shutdown || !isReady()) {
            stream.fail(shutdown ? new IllegalStateException("client is closed") : notConnected());
            return;
        }
        subscribeNow(stream, stream.subscriptionId());
    }

    /** Sends the stream's {@code 0510} on the live connection under {@code id} (allocated, in use). */
    private void subscribeNow(MeasurementSession stream, RequestId id) {
        Session s = session;
        stream.setSubscriptionId(id);
        ActionId action = ActionId.MEASUREMENTS_SUBSCRIBE;
        ByteBuffer frame;
        try {
            // docs/protocol.md §5.1: RequestID = the frame's own id (JS form), so the ack and all results share it.
            frame = codec.encode(new SubscribeRequest(stream.measurementId(), id.value()),
                    FrameCodec.REQUEST_HEADER_BYTES);
        } catch (RuntimeException e) {
            stream.fail(asDfx(e));
            return;
        }
        FrameCodec.writeRequestHeader(frame, action, id);
        subscriptions.put(id, stream);
        stream.onSubscribeSent(config.requestTimeout());
        send(s, action, id, frame, e -> {
            if (s.terminated || subscriptions.get(id) != stream) {
                return; // the drop already handed the stream to the reconnect, or it ended
            }
            if (!connectionBroken(e)) {
                stream.fail(e);
            }
        });
    }

    static DfxException asDfx(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof DfxException) {
            return (DfxException) c;
        }
        return new DfxTransportException(String.valueOf(c.getMessage()), c, true);
    }

    // =====================================================================================================
    // Small types
    // =====================================================================================================

    /** Gets a request's answer or its failure, exactly once, on the serial executor. */
    interface ResponseHandler {
        /** @param m the response (any status) */
        void onResponse(DfxMessage m);

        /** @param e timeout, send failure, connection closed (or not connected: IllegalStateException) */
        void onFailure(RuntimeException e);
    }

    /** A request waiting for its answer; its deadlines and links live in {@link RequestDeadlines.Entry}. */
    private static final class Pending extends RequestDeadlines.Entry {
        final RequestId id;
        final ActionId actionId;
        final Duration timeout;
        final ResponseHandler handler;
        java.util.function.BooleanSupplier resumable = () -> false;

        Pending(RequestId id, ActionId actionId, Duration timeout, ResponseHandler handler) {
            this.id = id;
            this.actionId = actionId;
            this.timeout = timeout;
            this.handler = handler;
        }
    }

    /** The reconnect policy's progress. */
    private static final class Reconnect {
        int attempt;
        boolean serverAskedToWait;
        Scheduler.Cancellable timer;
    }

    private static final class Timer implements Runnable, Scheduler.Cancellable {
        private final Runnable task;
        private volatile boolean cancelled;
        private volatile Scheduler.Cancellable inner;

        Timer(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!cancelled) {
                cancelled = true;
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Scheduler.Cancellable i = inner;
            if (i != null) {
                i.cancel();
            }
        }
    }

    /** One connection attempt and, once open, the connection. Its listener hops every event to the serial executor. */
    private final class Session implements ConnectionListener {
        final CompletableFuture<Void> connected;
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        Connection connection;
        boolean terminated;
        boolean closingLocally;
        /** Reached READY once: only such a connection is resumed when it drops. */
        boolean wasReady;
        /** Ended on purpose (disconnect, close, login refused): never resumed. */
        boolean noReconnect;
        /** 0 for the app's own connect(), else the reconnect attempt that opened it. */
        int attempt;
        /** The open connection, published for the I/O thread's inbound accounting. */
        volatile Connection ioConnection;
        private final Object inboundLock = new Object();
        private long inboundBytes; // guarded by inboundLock
        private boolean readingPaused; // guarded by inboundLock
        boolean pingOutstanding;
        int missedPongs;
        long pingCount;
        Scheduler.Cancellable probeDeadline;
        /** Its pending requests' timeout and probe deadlines (issue 14). */
        final RequestDeadlines deadlines = new RequestDeadlines();
        /** The one timer serving {@link #deadlines}, armed at or before the earliest; null when none is armed. */
        Scheduler.Cancellable requestTimer;
        /** Ticker nanos {@link #requestTimer} is armed for. */
        long requestTimerAt;
        /** True while {@code serveDeadlines} runs: it re-arms once at its end. */
        boolean servingDeadlines;
        Scheduler.Cancellable healthTimer;
        Scheduler.Cancellable heartbeat;
        Scheduler.Cancellable closeTimer;
        Scheduler.Cancellable connectTimer;

        Session(CompletableFuture<Void> connected) {
            this.connected = connected;
        }

        @Override
        public void onBinary(ByteBuffer data) {
            long size = data.remaining();
            inboundAdded(size);
            serial.execute(() -> {
                try {
                    onFrame(this, data, null);
                } finally {
                    inboundDone(size);
                }
            });
        }

        /**
         * Inbound backpressure (docs/style.md §3, issue 12): frames handed to the serial executor but not yet handled are
         * counted in bytes; above {@code maxInboundQueuedBytes} the transport is asked to stop reading, and once half
         * has drained to read again. Called on the I/O thread (added) and the serial executor (done); the lock keeps
         * a pause from overtaking the resume that follows it.
         */
        private void inboundAdded(long size) {
            synchronized (inboundLock) {
                inboundBytes += size;
                if (!readingPaused && inboundBytes > config.maxInboundQueuedBytes()) {
                    Connection c = ioConnection;
                    if (c != null) {
                        readingPaused = true;
                        long held = inboundBytes;
                        LOG.log(System.Logger.Level.DEBUG, () -> held + " inbound bytes wait for the engine; "
                                + "pausing reads");
                        pauseOrResume(c, true);
                    }
                }
            }
        }

        private void inboundDone(long size) {
            synchronized (inboundLock) {
                inboundBytes -= size;
                if (readingPaused && inboundBytes <= config.maxInboundQueuedBytes() / 2) {
                    readingPaused = false;
                    LOG.log(System.Logger.Level.DEBUG, "inbound queue drained; resuming reads");
                    pauseOrResume(ioConnection, false);
                }
            }
        }

        @Override
        public void onText(String text) {
            long size = 2L * text.length();
            inboundAdded(size);
            serial.execute(() -> {
                try {
                    onFrame(this, null, text);
                } finally {
                    inboundDone(size);
                }
            });
        }

        @Override
        public void onPong(ByteBuffer payload) {
            serial.execute(() -> heard(this));
        }

        @Override
        public void onClosed(int code, String reason) {
            serial.execute(() -> terminate(this, code, reason == null ? "" : reason, !closingLocally, null));
        }

        @Override
        public void onFailure(Throwable cause) {
            serial.execute(() -> {
                DfxException e = asDfx(cause);
                if (e instanceof DfxConnectionClosedException) {
                    DfxConnectionClosedException c = (DfxConnectionClosedException) e;
                    terminate(this, c.code(), c.reason(), c.remote() && !closingLocally, closingLocally ? null : e);
                } else {
                    terminate(this, ABNORMAL_CLOSURE, String.valueOf(e.getMessage()), !closingLocally, e);
                }
            });
        }
    }
}
