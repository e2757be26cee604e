package dev.dfx.core;

import dev.dfx.core.api.ApiRequester;
import dev.dfx.core.api.Auths;
import dev.dfx.core.api.CreateMeasurementRequest;
import dev.dfx.core.api.CreateMeasurementResponse;
import dev.dfx.core.api.General;
import dev.dfx.core.api.Measurements;
import dev.dfx.core.api.Organizations;
import dev.dfx.core.api.Studies;
import dev.dfx.core.api.Users;
import dev.dfx.core.auth.DfxRegion;
import dev.dfx.core.auth.JwtClaims;
import dev.dfx.core.auth.TokenPair;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.internal.ClientEngine;
import dev.dfx.core.internal.OneCallMeasurement;
import dev.dfx.core.internal.TokenManager;
import dev.dfx.core.port.BodyCodec;
import dev.dfx.core.port.Scheduler;
import dev.dfx.core.port.Ticker;
import dev.dfx.core.port.Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A client of the DFX Cloud API over one WebSocket connection at a time (docs/protocol.md). It mirrors the JS client's
 * {@code connect / disconnect / sendMessage / onmessage / onclose / onerror} and adds measurement streams.
 *
 * <pre>{@code
 * try (DfxClient client = DfxClient.builder().transport(transport).codec(codec).config(config).build()) {
 *     client.connect().get(15, TimeUnit.SECONDS);
 *     MeasurementStream m = client.startMeasurement(measurementId, 6);
 *     for (Chunk c : chunks) { m.send(c); }
 *     MeasurementSummary summary = m.completion().get();
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> Thread-safe. No method blocks except {@link #close()} (bounded). Every event from the
 * transport's I/O thread is handed at once to the client's serial executor, which runs on the {@link Executor} given
 * to the builder (default: one daemon thread the client owns). Every future returned by the client completes there,
 * and every listener and {@link java.util.concurrent.Flow.Subscriber} runs there, one at a time, in order; never on
 * a transport I/O thread. Callbacks must not block: a blocked callback stalls the client.
 *
 * <p><b>Before and after a connection.</b> {@link #sendMessage} and {@link #startMeasurement} need
 * {@link ConnectionState#READY}. Before it (never connected, or still connecting or logging in) they fail with
 * {@link IllegalStateException}; after the connection ended they fail with
 * {@link dev.dfx.core.error.DfxConnectionClosedException} carrying the last close code. {@link #connect()} may be
 * called again once a connection is {@link ConnectionState#CLOSED} or {@link ConnectionState#FAILED}.
 *
 * <p><b>Reconnect.</b> When a connection that was {@link ConnectionState#READY} drops without {@link #disconnect()}
 * or {@link #close()}, the client follows {@link DfxClientConfig#reconnectPolicy()} (on by default, docs/protocol.md
 * §6.3): {@link ConnectionState#RECONNECTING}, attempts with backoff and jitter, login again, and every active
 * {@link MeasurementStream} subscribes again (with a new request id) and resends its first unacknowledged chunk, so
 * no chunk is lost or acked twice. Requests sent with {@link #sendMessage} that were waiting on the lost connection
 * fail with {@link dev.dfx.core.error.DfxConnectionClosedException}: they are not replayed, as the server may have
 * acted on them. A failed first {@link #connect()} is not retried; a login refused on a reconnect ends the attempts
 * ({@link ConnectionEvent.GaveUp}), while a {@code 5xx} answer to it is retried with the backoff (§6.3). The backoff
 * starts again from attempt 1 only after a connection proved healthy (it carried an acked chunk, or stayed up 30 s),
 * so a server that accepts and drops every connection meets the growing backoff and the attempt limit (issue 12);
 * a close with code 1012 (service restart) or 1013 (try again later) waits the policy's cap before the next attempt.
 *
 * <p><b>Dead connections.</b> A ping goes every {@link DfxClientConfig#heartbeatInterval()}; a request unanswered
 * for one interval probes the socket with a ping at once; a probe without pong (or any frame) within one interval,
 * or more than {@link DfxClientConfig#allowedMissedPongs()} heartbeat pongs missed in a row, ends the connection
 * (1006) and the reconnect policy resumes its streams (docs/protocol.md §1.4, issue 12).
 *
 * <p><b>Resources.</b> The transport, and any scheduler or executor passed to the builder, stay the caller's;
 * {@link #close()} shuts down only the threads the client created (docs/style.md §4).
 */
public final class DfxClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DfxClient.class.getName());
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ClientEngine engine;
    private final DfxClientConfig config;
    private final ExecutorService ownedExecutor;
    private final ScheduledThreadPoolExecutor ownedScheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DfxClientConfig effectiveConfig;
    private final Organizations organizations;
    private final Users users;
    private final Auths auths;
    private final General general;
    private final Measurements measurements;
    private final Studies studies;
    /** Actions that may go out on a socket that is not logged in (docs/protocol.md §1.3 C); they never wait for a login. */
    private static final Set<ActionId> LOGIN_ACTIONS = Set.of(ActionId.ORGANIZATIONS_REGISTER_LICENSE,
            ActionId.USERS_LOGIN, ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN, ActionId.AUTHS_RENEW);

    private DfxClient(Builder b) {
        this.config = b.config;
        int n = CLIENTS.incrementAndGet();
        Executor executor = b.executor;
        ExecutorService ownExec = null;
        if (executor == null) {
            ownExec = Executors.newSingleThreadExecutor(daemon("dfx-client-" + n));
            executor = ownExec;
        }
        Scheduler scheduler = b.scheduler;
        ScheduledThreadPoolExecutor ownSched = null;
        if (scheduler == null) {
            ownSched = new ScheduledThreadPoolExecutor(1, daemon("dfx-scheduler-" + n));
            ownSched.setRemoveOnCancelPolicy(true);
            scheduler = Scheduler.of(ownSched);
        }
        this.ownedExecutor = ownExec;
        this.ownedScheduler = ownSched;
        RandomGenerator random = b.random != null ? b.random : RandomGenerator.getDefault();
        DfxClientConfig cfg = b.config;
        TokenManager tm = null;
        if (cfg.credentials().isPresent()) {
            tm = new TokenManager(cfg.credentials().get(), cfg.tokenStore(), b.clock, scheduler, cfg.renewAt());
            if (!cfg.uriSet()) {
                // docs/protocol.md §1.1/§1.3: with no URI configured, the cluster named by the token's Region, else global
                Optional<DfxRegion> region = tm.currentPair().flatMap(TokenPair::claims)
                        .flatMap(JwtClaims::regionId).flatMap(DfxRegion::fromId);
                if (region.isPresent()) {
                    cfg = cfg.toBuilder().uri(region.get().uri()).build();
                }
            }
        }
        this.effectiveConfig = cfg;
        this.engine = new ClientEngine(b.transport, b.codec, cfg, b.clock, b.ticker, scheduler, executor, random);
        if (tm != null) {
            engine.useTokenManager(tm);
        }
        ApiRequester api = this::sendMessage;
        this.organizations = Organizations.of(api);
        this.users = Users.of(api);
        this.auths = Auths.of(api);
        this.general = General.of(api);
        this.measurements = Measurements.of(api);
        this.studies = Studies.of(api);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** @return a builder; {@code transport}, {@code codec} and {@code config} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the configuration this client was built with */
    public DfxClientConfig config() {
        return config;
    }

    /**
     * @return the URI the client connects to: the configured one, or with credentials and no URI configured, the
     *     cluster of the token's {@code Region} claim (docs/protocol.md §1.1), else the global endpoint
     */
    public URI uri() {
        return effectiveConfig.uri();
    }

    /** @return {@code 0705}, {@code 0706}, {@code 0718} (docs/protocol.md §1.3, §3.3) */
    public Organizations organizations() {
        return organizations;
    }

    /** @return {@code 0201} Users.Login */
    public Users users() {
        return users;
    }

    /** @return {@code 2304} Auths.Renew */
    public Auths auths() {
        return auths;
    }

    /** @return {@code 0100} Status, {@code 0107} VerifyToken, {@code 0108} Regions */
    public General general() {
        return general;
    }

    /** @return {@code 0504} Create, {@code 0500} Retrieve, {@code 0501} List */
    public Measurements measurements() {
        return measurements;
    }

    /** @return {@code 0806} RetrieveSdkConfigData */
    public Studies studies() {
        return studies;
    }

    /**
     * With credentials: how many renewals ({@code 2304}) succeeded so far; 0 on the plain-token path. For monitoring.
     *
     * @return the count
     */
    public int tokenRenewals() {
        TokenManager tm = engine.tokenManager();
        return tm == null ? 0 : tm.renewals();
    }

    /**
     * One call from chunks to results (issue 11): connects if not connected (and disconnects at the end in that
     * case), creates the measurement in the study ({@code 0504}) unless the target names one, subscribes, streams
     * the chunks one at a time (each after the previous one's ack, paced by real time, §4.3) and completes with the
     * final results. On failure the stream is cancelled and what this call opened is closed.
     *
     * @param target a study or an existing measurement
     * @param chunks the chunks in order, at least one
     * @return completes with the summary (every result, the final one); fails with the first typed error
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if chunks is empty
     */
    public CompletableFuture<MeasurementSummary> measure(MeasurementTarget target, List<Chunk> chunks) {
        Objects.requireNonNull(chunks, "chunks");
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("chunks must hold at least one chunk");
        }
        return measure(target, OneCallMeasurement.fromList(chunks), chunks.size());
    }

    /**
     * As {@link #measure(MeasurementTarget, List)}, from a publisher whose demand the stream drives: one chunk is
     * requested at a time, the next only after the previous one is acked, so a live source is paced by the stream.
     *
     * @param target a study or an existing measurement
     * @param chunks publishes exactly {@code chunkCount} chunks (it is subscribed once the stream is subscribed)
     * @param chunkCount how many chunks the measurement takes, 1 or more (chooses FIRST/CHUNK/LAST, §4.2)
     * @return completes with the summary; fails with the first typed error, or {@link IllegalStateException} if the
     *     publisher sends more or fewer chunks, or fails
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if chunkCount is less than 1
     */
    public CompletableFuture<MeasurementSummary> measure(MeasurementTarget target, Flow.Publisher<Chunk> chunks,
                                                          int chunkCount) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(chunks, "chunks");
        if (chunkCount < 1) {
            throw new IllegalArgumentException("chunkCount must be 1 or more, got " + chunkCount);
        }
        boolean open = state() == ConnectionState.NEW || state() == ConnectionState.CLOSED
                || state() == ConnectionState.FAILED;
        CompletableFuture<Void> connected = open ? connect() : CompletableFuture.completedFuture(null);
        CompletableFuture<MeasurementSummary> run = connected
                .thenCompose(v -> target.measurementId() != null
                        ? CompletableFuture.completedFuture(target.measurementId())
                        : measurements.create(CreateMeasurementRequest.of(target.studyId()))
                                .thenApply(CreateMeasurementResponse::id))
                .thenCompose(id -> {
                    MeasurementStream stream = startMeasurement(id, chunkCount);
                    OneCallMeasurement feeder = new OneCallMeasurement(stream, chunkCount);
                    stream.subscribed().thenRun(() -> chunks.subscribe(feeder));
                    feeder.fed().whenComplete((v, e) -> {
                        if (e != null) {
                            stream.cancel();
                        }
                    });
                    // the stream's own failure wins; else a publisher failure
                    return stream.completion().handle((sum, e) -> {
                        if (e == null) {
                            return CompletableFuture.completedFuture(sum);
                        }
                        return feeder.fed().isCompletedExceptionally() ? feeder.fed().<MeasurementSummary>thenApply(
                                x -> sum) : CompletableFuture.<MeasurementSummary>failedFuture(e);
                    }).thenCompose(f -> f);
                });
        if (!open) {
            return run;
        }
        return run.handle((sum, e) -> disconnect().handle((v, x) -> {
            if (e != null) {
                throw e instanceof CompletionException ? (CompletionException) e : new CompletionException(e);
            }
            return sum;
        })).thenCompose(f -> f);
    }

    /**
     * Opens the connection and authenticates it.
     *
     * <p>The transport connects to {@code config.uri()} offering {@code codec.subprotocol()}, with an
     * {@code Authorization: Bearer} header only if {@code config.headerAuth()} (docs/protocol.md §1.3 B). If
     * {@code config.inBandLogin()}, the first frame is {@code 0718} with {@code config.token()} (the user token if
     * set, docs/protocol.md §1.3 A) and nothing else is sent before its answer; any 200 answer makes the client
     * {@link ConnectionState#READY}, anything else is fatal: the future fails with the typed
     * {@link dev.dfx.core.error.DfxServerException} (a {@link dev.dfx.core.error.DfxAuthenticationException} for
     * 401) and the socket is closed.
     *
     * @return completes when READY; fails with the transport's typed exception
     *     ({@link dev.dfx.core.error.DfxHandshakeException}, {@link dev.dfx.core.error.DfxTimeoutException},
     *     {@link dev.dfx.core.error.DfxTransportException}), the login's error, or {@link IllegalStateException} if
     *     a connection is already open or opening, or the client is closed
     */
    public CompletableFuture<Void> connect() {
        return engine.connect();
    }

    /**
     * Closes the connection with code 1000. Pending requests and streams fail with
     * {@link dev.dfx.core.error.DfxConnectionClosedException}. If the server does not finish the close handshake
     * within {@code config.connectTimeout()}, the socket is aborted.
     *
     * @return completes when the connection is closed (at once if none is open); never fails
     */
    public CompletableFuture<Void> disconnect() {
        return engine.disconnect();
    }

    /**
     * Sends one request with the default timeout, {@code config.requestTimeout()}.
     *
     * @param actionId the action, e.g. {@link ActionId#GENERAL_STATUS}
     * @param body a {@code Map<String, ?>} or a {@link dev.dfx.core.body} record the codec accepts
     * @return see {@link #sendMessage(ActionId, Object, Duration)}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the codec does not accept the body
     */
    public CompletableFuture<DfxMessage> sendMessage(ActionId actionId, Object body) {
        return sendMessage(actionId, body, config.requestTimeout());
    }

    /**
     * Sends one request: a JS-form request id (docs/protocol.md §2.1) unique among the requests in flight and the active
     * subscriptions, the body encoded behind the 14-byte header. Arguments are checked, and the body encoded, on the
     * calling thread before anything is sent.
     *
     * @param actionId the action
     * @param body a {@code Map<String, ?>} or a {@link dev.dfx.core.body} record the codec accepts
     * @param timeout positive bound on the answer
     * @return completes with the response on the same request id (any status below 400); fails with the typed
     *     {@link dev.dfx.core.error.DfxServerException} for a status of 400 or more,
     *     {@link dev.dfx.core.error.DfxTimeoutException} when the timeout runs out (the request is forgotten),
     *     {@link DfxException} if {@code config.maxPendingRequests()} requests are already in flight (nothing is
     *     sent), {@link IllegalStateException} before the client is READY, or
     *     {@link dev.dfx.core.error.DfxConnectionClosedException} once the connection is gone
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the timeout is not positive or the codec does not accept the body
     */
    public CompletableFuture<DfxMessage> sendMessage(ActionId actionId, Object body, Duration timeout) {
        TokenManager tm = engine.tokenManager();
        if (tm == null || LOGIN_ACTIONS.contains(actionId)) {
            return engine.sendMessage(actionId, body, timeout);
        }
        // issue 11: wait while the token is being renewed; on 401 TOKEN_EXPIRED renew once, log in again, retry
        CompletableFuture<Void> gate = tm.idle();
        CompletableFuture<DfxMessage> first;
        String[] stale = new String[1];
        if (gate.isDone()) {
            stale[0] = tm.currentToken();
            first = engine.sendMessage(actionId, body, timeout);
        } else {
            Objects.requireNonNull(actionId, "actionId");
            Objects.requireNonNull(body, "body");
            first = gate.thenCompose(v -> {
                stale[0] = tm.currentToken();
                return engine.sendMessage(actionId, body, timeout);
            });
        }
        return first.exceptionallyCompose(e -> {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (c instanceof DfxAuthenticationException && ((DfxAuthenticationException) c).tokenExpired()) {
                return engine.reauthenticate(stale[0]).thenCompose(v -> engine.sendMessage(actionId, body, timeout));
            }
            return CompletableFuture.failedFuture(c);
        });
    }

    /**
     * Starts a measurement with the client-wide pacing and result timeout ({@link MeasurementOptions#from}).
     *
     * @param measurementId the measurement, created beforehand (e.g. over REST)
     * @param chunkCount how many chunks it takes, 1 or more
     * @return the stream; see {@link #startMeasurement(String, int, MeasurementOptions)}
     * @throws NullPointerException if measurementId is null
     * @throws IllegalArgumentException if measurementId is blank or chunkCount is less than 1
     */
    public MeasurementStream startMeasurement(String measurementId, int chunkCount) {
        return engine.startMeasurement(measurementId, chunkCount, MeasurementOptions.from(config));
    }

    /**
     * Starts a measurement: subscribes with {@code 0510} whose body {@code RequestID} is the frame's own id
     * (docs/protocol.md §5.1), so the {@code {}} ack and all results share {@link MeasurementStream#subscriptionId()}.
     * Chunks given to {@link MeasurementStream#send} go after the ack. If the client is not READY, or the server
     * refuses the subscription (e.g. 404 {@code INVALID_MEASUREMENT}), the stream fails with that error.
     *
     * @param measurementId the measurement, created beforehand
     * @param chunkCount how many chunks it takes, 1 or more
     * @param options per-stream pacing and result timeout
     * @return the stream, at once
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if measurementId is blank or chunkCount is less than 1
     */
    public MeasurementStream startMeasurement(String measurementId, int chunkCount, MeasurementOptions options) {
        return engine.startMeasurement(measurementId, chunkCount, options);
    }

    /**
     * Adds a listener for every inbound message, results and acks included, in arrival order.
     *
     * @param listener runs on the client's executor; an exception it throws is logged and ignored
     * @return removes the listener
     * @throws NullPointerException if listener is null
     */
    public ListenerRegistration onMessage(Consumer<? super DfxMessage> listener) {
        return engine.onMessage(listener);
    }

    /**
     * Adds a listener for the end of each connection (called once per connection).
     *
     * @param listener runs on the client's executor; an exception it throws is logged and ignored
     * @return removes the listener
     * @throws NullPointerException if listener is null
     */
    public ListenerRegistration onClose(Consumer<? super CloseEvent> listener) {
        return engine.onClose(listener);
    }

    /**
     * Adds a listener for errors not tied to one request: malformed frames, unknown request ids and bad bodies
     * ({@link dev.dfx.core.error.DfxProtocolException}; the connection stays usable), heartbeat death
     * ({@link dev.dfx.core.error.DfxTimeoutException} for {@code "pong"}) and transport failures.
     *
     * @param listener runs on the client's executor; an exception it throws is logged and ignored
     * @return removes the listener
     * @throws NullPointerException if listener is null
     */
    public ListenerRegistration onError(Consumer<? super DfxException> listener) {
        return engine.onError(listener);
    }

    /**
     * Adds a listener for {@link ConnectionEvent}s.
     *
     * @param listener runs on the client's executor; an exception it throws is logged and ignored
     * @return removes the listener
     * @throws NullPointerException if listener is null
     */
    public ListenerRegistration onConnectionEvent(Consumer<? super ConnectionEvent> listener) {
        return engine.onConnectionEvent(listener);
    }

    /** @return the connection's current state (see {@link ConnectionState} for the transitions) */
    public ConnectionState state() {
        return engine.state();
    }

    /**
     * Disconnects (code 1000), fails what is still pending with
     * {@link dev.dfx.core.error.DfxConnectionClosedException}, and shuts down the threads the client created. The
     * transport and any executor or scheduler passed to the builder are left alone. Idempotent and bounded: it waits
     * at most about {@code config.connectTimeout()} for the close handshake, then aborts the socket. Called from a
     * client callback it does not wait.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> down = engine.shutdown();
        down.whenComplete((v, e) -> shutdownOwned(false));
        if (engine.inEngineThread()) {
            return;
        }
        long waitMillis = config.connectTimeout().toMillis() + 500;
        try {
            down.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "close handshake did not finish in time; aborting the socket");
            engine.forceClose();
            try {
                down.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                // bounded: give up waiting
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "disconnect failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdownOwned(true);
    }

    private void shutdownOwned(boolean await) {
        if (ownedScheduler != null) {
            ownedScheduler.shutdownNow();
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
            if (await && !engine.inEngineThread()) {
                try {
                    ownedExecutor.awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "DfxClient[uri=" + effectiveConfig.uri() + ", state=" + engine.state() + "]";
    }

    /** Mutable builder of a {@link DfxClient}; not thread-safe. */
    public static final class Builder {
        private Transport transport;
        private BodyCodec codec;
        private DfxClientConfig config;
        private InstantSource clock = Clock.systemUTC();
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler;
        private Executor executor;
        private RandomGenerator random;

        private Builder() {
        }

        /** @param value opens connections; required; stays the caller's (the client never closes it) @return this */
        public Builder transport(Transport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /** @param value encodes and decodes bodies; required @return this */
        public Builder codec(BodyCodec value) {
            this.codec = Objects.requireNonNull(value, "codec");
            return this;
        }

        /** @param value the configuration; required @return this */
        public Builder config(DfxClientConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /**
         * @param value wall time, only for timestamps people read (docs/style.md §4); default the system UTC clock. Pacing,
         *     timeouts, backoff and heartbeats never read it: they use the {@link #ticker(Ticker)}.
         * @return this
         */
        public Builder clock(InstantSource value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value the monotonic time source for every measured duration (pacing, and with the scheduler the
         *     timeouts, backoff and heartbeats), so that a wall clock stepped by NTP cannot stall or hurry them
         *     (docs/style.md §4, issue 12); default {@link Ticker#system()} ({@link System#nanoTime()})
         * @return this
         */
        public Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        /**
         * @param value every timer (timeouts, heartbeat, pacing) goes through it; default one daemon thread owned and
         *     shut down by the client. A scheduler given here stays the caller's.
         * @return this
         */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /**
         * @param value runs the client's serial work and every callback; default one daemon thread owned and shut
         *     down by the client. An executor given here stays the caller's.
         * @return this
         */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** @param value draws request ids; default {@link RandomGenerator#getDefault()} @return this */
        public Builder random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /**
         * @return the client, not yet connected ({@link ConnectionState#NEW})
         * @throws NullPointerException naming {@code transport}, {@code codec} or {@code config} if one is missing
         */
        public DfxClient build() {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(codec, "codec");
            Objects.requireNonNull(config, "config");
            return new DfxClient(this);
        }
    }
}
