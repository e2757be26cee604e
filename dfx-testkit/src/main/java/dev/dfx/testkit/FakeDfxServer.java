package dev.dfx.testkit;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.port.BodyCodec;
import dev.dfx.core.port.Scheduler;
import dev.dfx.testkit.server.FaultSpec;
import dev.dfx.testkit.server.LicenseStatus;
import dev.dfx.testkit.server.MeasurementState;
import dev.dfx.testkit.server.RecordedFrame;
import dev.dfx.testkit.server.Recording;
import dev.dfx.testkit.server.ResultScript;
import dev.dfx.testkit.server.internal.AccountSettings;
import dev.dfx.testkit.server.internal.Engine;
import dev.dfx.testkit.server.internal.EngineSettings;
import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.InMemoryRegistry;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import dev.dfx.testkit.socket.WebSocketServerFrontEnd;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake DFX Cloud API server for tests, in the style of MockWebServer (docs/style.md §9): it speaks the WebSocket
 * protocol of docs/protocol.md, records every frame, and injects scripted faults. It is a {@link ConnectionAcceptor}:
 * front ends (the in-memory transport, a real socket listener) put clients through it, so one engine serves both.
 *
 * <pre>{@code
 * try (FakeDfxServer server = FakeDfxServer.builder().measurements("m-1").build().start()) {
 *     server.failNext(ActionId.MEASUREMENTS_ADD_DATA, 429, "RATE_LIMIT");
 *     URI uri = server.uri();          // give it to the client under test
 *     ...
 *     RecordedFrame login = server.takeFrame(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <h2>Protocol behaviour</h2>
 * Where docs/protocol.md §8 leaves a choice, the server takes the recommended fake-server behaviour:
 * <ul>
 *   <li>Handshake (§1.2, Q14): the offered subprotocols must include {@code json}, which is selected; otherwise
 *       HTTP 400. A valid {@code Authorization: Bearer <token>} header authenticates the connection (§1.3 B); an
 *       invalid one is ignored (the connection is simply not authenticated).</li>
 *   <li>Frames (§2): BINARY and TEXT are both accepted; responses are always BINARY with ASCII-only JSON bodies
 *       (through the {@link BodyCodec}). Frames of one connection are processed one at a time in arrival order and
 *       each request is answered exactly once. A frame under 14 bytes or with a malformed header closes the
 *       connection with 1002 (Q13).</li>
 *   <li>Request checks, in order: body not a JSON object → {@code 400 INVALID_REQUEST}; then, unless the action is
 *       one of the four login actions {@code 0718}, {@code 0705}, {@code 0201}, {@code 2304} (§1.3 C, Q2): no login
 *       on the socket → {@code 401 UNAUTHORIZED}; the socket's device unregistered → {@code 401 INVALID_TOKEN}; with
 *       {@link Builder#expireTokensInSession} on and the socket's token past its {@code exp} → {@code 401
 *       TOKEN_EXPIRED} (until a fresh {@code 0718}); then routing: {@code 0100}, {@code 0107}, {@code 0108},
 *       {@code 0201}, {@code 0500}, {@code 0501}, {@code 0504}, {@code 0506}, {@code 0510}, {@code 0705},
 *       {@code 0706}, {@code 0718}, {@code 0806}, {@code 2304}; every other id, listed in §3 or not → {@code 400
 *       INCORRECT_REQUEST} "Invalid Route Number" (Q13 revised). Error bodies are {@code {"Code","Message"}} (§6.1)
 *       and never carry a token, refresh token, licence key or password.</li>
 *   <li>Accounts (issue 11; our choices where §1.3 and §3.3 are silent): licence keys, users (optionally with MFA)
 *       and studies come from the builder. Tokens the server mints are JWT-shaped: {@code header.payload.signature},
 *       base64url without padding, HS256 with a random per-server key; claims {@code OrganizationID, ID, Type
 *       (Device|User), DeviceID (devices), SessionGen, Region, exp, iat, iss}, in whole seconds of the server's
 *       clock. Lifetime: {@link Builder#tokenTtl} (default 86400 s), or a shorter {@code TokenExpiresIn} from
 *       {@code 0705}. Refresh tokens are opaque (64 hex digits), single-use, valid for
 *       {@link Builder#refreshTokenTtl} (default 30 days). Static tokens of {@link Builder#tokens} never expire.</li>
 *   <li>{@code 0718} (§1.3 A, Q1 revised): a valid token → {@code 200 {"Token":"<that token>"}}, and the socket is
 *       logged in with it (replacing an earlier login); an unknown or forged token, or one of an unregistered device
 *       → {@code 401 INVALID_TOKEN}; a minted token past its {@code exp} → {@code 401 TOKEN_EXPIRED} (always, with
 *       or without in-session expiry). On failure the socket stays open and an earlier login stays valid. Harmless
 *       on a header-authenticated socket. A valid, unexpired {@code Authorization: Bearer} token authenticates the
 *       connection (§1.3 B); any other header is ignored.</li>
 *   <li>{@code 0705} Organizations.RegisterLicense (§1.3 C, §3.3): {@code Key}, {@code DeviceTypeID}, {@code Name},
 *       {@code Identifier}, {@code Version} required ({@code 400 INVALID_REQUEST}); unknown key → {@code 404
 *       INVALID_LICENSE}; an expired licence → {@code 403 LICENSE_EXPIRED}; an inactive one → {@code 403
 *       INACTIVE_LICENSE}; else a new device: {@code 200 {Token, RefreshToken, DeviceID, RoleID:"DEVICE", UserID}}
 *       and the socket is logged in with the new token. Every registration counts ({@link #registrations}).</li>
 *   <li>{@code 0706} Organizations.UnregisterLicense: on a socket logged in with a registered device's token →
 *       {@code 200 {}}, the device is gone, its tokens and refresh tokens stop working and the socket is logged out;
 *       any other login → {@code 403 RESTRICTED_ACCESS}.</li>
 *   <li>{@code 0201} Users.Login: {@code Email}, {@code Password} required; unknown e-mail or wrong password →
 *       {@code 401 INVALID_CREDENTIALS}; a user with MFA and no {@code MFAToken} → {@code 401 MFA_REQUIRED}, a wrong
 *       one → {@code 401 INVALID_MFA_TOKEN}; else {@code 200 {Token, RefreshToken}} (a {@code User} token) and the
 *       socket is logged in.</li>
 *   <li>{@code 2304} Auths.Renew: {@code Token} and {@code RefreshToken} required; an unknown or spent refresh
 *       token, one issued with another token, or one of an unregistered device → {@code 401 INVALID_TOKEN}; a refresh
 *       token past its lifetime → {@code 401 TOKEN_EXPIRED}; else {@code 200 {Token, RefreshToken}}, both new, same
 *       identity and lifetime; the old refresh token is spent, the old token stays valid until its own {@code exp}.
 *       A renewal logs nothing in: the client sends {@code 0718} with the new token.</li>
 *   <li>{@code 0107} General.VerifyToken: the socket token's claims plus {@code ActiveLicense} and {@code RoleID};
 *       {@code 401 TOKEN_EXPIRED} once that token expired. {@code 0108} General.Regions: the clusters of §3.3
 *       (na-east, eu-central, sa-east, as-east, as-hk, cn-north, cn-west) with labels of our own.</li>
 *   <li>{@code 0100}: {@code 200 {"StatusID":"ACTIVE","Version":"fake-dfx-1","Region":<region>,
 *       "AllowAnonymous":false}}, the region of {@link Builder#region} (default {@code fake-local}).</li>
 *   <li>{@code 0504} Measurements.Create: with {@link Builder#studies} given, {@code StudyID} is required
 *       ({@code 400 INVALID_REQUEST}) and must be one of them ({@code 404 INVALID_STUDY}); without, any or none is
 *       accepted. {@code Resolution} 0 (default) or 100, else {@code 400 INVALID_REQUEST}. Answer
 *       {@code 200 {"ID":"<random uuid>"}}; the id becomes known to subscribe, AddData, Retrieve and List.</li>
 *   <li>{@code 0501} Measurements.List (§3.3 [CPP]): the body is a JSON array, newest first, each element
 *       {@code {ID, StudyID, StatusID, Resolution, Created, Updated, TotalCount}} (times in epoch seconds,
 *       {@code TotalCount} the count before paging; an empty list is {@code []}); {@code Limit} from {@code Params}
 *       or {@code Query} (default 50), {@code Offset} and a {@code StudyID} filter from {@code Query}.</li>
 *   <li>{@code 0806} Studies.RetrieveSdkConfigData: {@code StudyID} required (and known, as for 0504); a synthetic
 *       JSON config per study and {@code SDKID}: {@code 200 {"ConfigFile":<base64>,"MD5Hash":<hex md5>}}, or
 *       {@code 304 {}} when the request's {@code MD5Hash} equals it (case-insensitive).</li>
 *   <li>{@code 0500} Measurements.Retrieve (§3.3, §5.4): our choice for Q12 is to serve it over WS too, so that a
 *       client can fall back to it when the final result was lost with a connection (§5.5). Body
 *       {@code {"Params":{"ID":...}}} ({@code Query} ignored); unknown measurement → {@code 404
 *       INVALID_MEASUREMENT}; else {@code 200} with the REST shape {@code {"ID","StatusID","Results":{pointId:
 *       [{"Data":[..],"Multiplier":10000,"Notes":[..]}]}}}: {@code CAPTURING} (empty {@code Results}) until a LAST
 *       is accepted; after a LAST::PROCESS {@code PROCESSING} until its final result is produced (the
 *       {@link Builder#resultDelay}), then {@code COMPLETE} with the same points and values as the final result
 *       pushed on the stream (the {@code Channel} names are not part of this shape); after a LAST::IGNORE
 *       {@code COMPLETE} with empty {@code Results}. The record also carries {@code StudyID}, {@code Resolution},
 *       {@code Created} and {@code Updated} (epoch seconds).</li>
 *   <li>{@code 0510} (§5, Q5, Q6, Q11): {@code Params.ID} required; {@code RequestID} of exactly 10 printable
 *       characters is the results' target, empty or absent means the frame's id, anything else is
 *       {@code 400 INVALID_REQUEST_ID}; unknown measurement → {@code 404 INVALID_MEASUREMENT}; the ack
 *       {@code 200 {}} goes on the frame's id. Several subscriptions are allowed; earlier results are not replayed.
 *       A reused {@code RequestID} is never refused (Q5, Q19 revised; [CPP] uses the fixed {@code STRM001010} for
 *       every measurement on a socket): our choice is that it then names the new subscription only, on this or
 *       another measurement, so the earlier subscription of that connection on that id ends and no result is sent
 *       twice. A subscription ends with its connection.</li>
 *   <li>{@code 0506} (§4), checks in order: {@code Params.ID}, {@code Action} and {@code Payload} present
 *       ({@code 400 INVALID_REQUEST}); unknown measurement → {@code 404 INVALID_MEASUREMENT}; a CHUNK or LAST
 *       after an accepted LAST → {@code 400 MEASUREMENT_CLOSED} (until a new FIRST, Q19); a ChunkOrder other
 *       than expected → {@code 400 MISALIGNED_CHUNK} (FIRST expects 0 and (re)starts the measurement, discarding
 *       earlier chunks; a LAST or CHUNK on a measurement not yet started opens it (§4.2, Q8 lenient); without a
 *       ChunkOrder the server counts); payload "validation": the {@code Payload} must be non-empty valid base64 of
 *       at least one byte, else {@code 400 UNPACKER_RPC_ERROR} (the bytes are never inspected); total
 *       {@code Duration} since the opener over {@link Builder#maxMeasurementDuration} (default 120 s) → {@code 400
 *       MEASUREMENT_CLOSED} (Q10 revised; our choice: the measurement stays open, a shorter chunk still fits); the
 *       real-time rule (§4.3, Q9), if on: the chunk seconds since the opener
 *       (this chunk included; a chunk without {@code Duration} counts 5 s) may exceed the real time elapsed since
 *       the opener arrived by at most {@link Builder#rateAllowance}, else {@code 429 RATE_LIMIT} — the opening
 *       chunk itself always passes (its data was captured before it was sent). A refused chunk changes nothing.
 *       Ack: {@code 200 {"ID":"<measId>:<order>","ChunkOrder":order}} (§4.4, Q16). A repeated FIRST is a restart,
 *       never an error (§4.3: [CPP] once sent FIRST for every chunk but the last); the minimal body {@code {Params,
 *       Action, Payload}} is enough, the server then counts ChunkOrder itself (§4.3). Frames of at least 10 MiB are
 *       accepted in memory and on the socket (Q15).</li>
 *   <li>Results (§5.2, §5.3, Q7, Q17): one per {@code *::PROCESS} chunk, after its ack (or {@link
 *       Builder#resultDelay} later), to every live subscription of the measurement, in chunk order; none for
 *       IGNORE. Values are synthetic, plausible and deterministic (same measurement, chunk order, finality and
 *       resolution, same body), {@code Multiplier} 10000, {@code Error {"Code":"OK","Errors":{}}}. Intermediate
 *       results carry only the early points of §5.3 ({@code SNR, HR_BPM, AGE, HEIGHT, WEIGHT, BMI_CALC, ABSI,
 *       WAIST_CIRCUM, WAIST_TO_HEIGHT}); the LAST::PROCESS result adds the later ones ({@code BR_BPM, HRV_SDNN,
 *       BP_SYSTOLIC, BP_DIASTOLIC, BP_CVD, MSI, HEALTH_SCORE}) and {@code "StatusID":"COMPLETE"}. Channels and notes
 *       follow §5.3 ({@code slow/toi4}, {@code physio-age/slow}, {@code metadata/bmi}, {@code waist},
 *       {@code breathing/rois}, {@code bloodpressure/slow}, {@code cvd-risk}, {@code health}; {@code
 *       NOTE_USED_PRED_DEMOG} on AGE and BP, {@code NOTE_MISSING_MEDICAL_INFO} on BP_CVD). A measurement created
 *       with {@code Resolution} 100 gets a series of 10 values per point, else one value. {@link #scriptResult}
 *       bends chosen results: SNR sentinels (−100, −90, −91, stored as {@code value × Multiplier}),
 *       {@code LIVENESS_ERROR} (only SNR, −100), {@code ANALYSIS_ERROR} (the failed points leave {@code Channels}
 *       and appear in {@code Error.Errors} with their messages; a final one has {@code StatusID} {@code PARTIAL}),
 *       {@code WORKER_ERROR} (empty {@code Channels}; a final one has {@code StatusID} {@code ERROR}), or no {@code Multiplier}, {@code MeasurementDataID} or
 *       {@code Channels}.</li>
 *   <li>Heartbeat (§1.4, Q4): a ping every {@link Builder#pingInterval}; a connection that sends no frame, ping or
 *       pong for {@link Builder#idleTimeout} is closed with 1001. Client pings are answered with pongs.</li>
 * </ul>
 *
 * <h2>Faults and recording</h2>
 * Faults ({@link dev.dfx.testkit.server.Fault}) are armed with {@link #enqueue(FaultSpec)} or the helpers; every
 * helper arms a one-shot fault, used up when it fires; arm {@code spec.persistent()} for one that keeps firing until
 * {@link #clearFaults()}. Every received and sent data frame is recorded ({@link #receivedFrames()},
 * {@link #sentFrames()}); {@link #takeFrame(Duration)} reads received frames one by one with a timeout. By default
 * the recording is exact and unbounded ({@link Recording#everything()}), which is what tests want; a server under a
 * long load run keeps every frame forever that way, so {@link Builder#recording} bounds it:
 * {@link Recording#lastFrames(int)} keeps the newest N frames each way with their bytes,
 * {@link Recording#metadataOnly(int)} the newest N without their bytes (header fields, size and time only;
 * {@link RecordedFrame#bytesDropped()}). With a bound, older frames leave the histories and the take queues alike,
 * taken or not. {@code dfx serve} uses {@code metadataOnly(1000)} unless told otherwise.
 *
 * <h2>Threads and time</h2>
 * Thread-safe. Timers (result delays, heartbeat, slow acks) run on one daemon scheduler thread that the server owns
 * — unless the {@link Builder#clock clock} is also a {@link Scheduler} (such as {@link ManualClock}), in which case
 * timers go through it and no thread is started. Frames are processed on the front end's thread that delivers them
 * (or on the timer after a slow ack).
 */
public final class FakeDfxServer implements ConnectionAcceptor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FakeDfxServer.class.getName());
    private static final AtomicInteger SERVER_NUMBERS = new AtomicInteger();

    private final Engine engine;
    private final ScheduledThreadPoolExecutor timer;
    private final URI inMemoryUri;
    private final int socketPort;
    private final boolean tls;
    private final Consumer<String> connectionLog;
    private final AtomicLong connectionNumbers = new AtomicLong();
    private final Object lifecycle = new Object();
    private AutoCloseable registration;
    private WebSocketServerFrontEnd frontEnd;
    private boolean started;
    private boolean closed;

    private FakeDfxServer(EngineSettings settings, Recording recording, int socketPort, boolean tls,
                          Consumer<String> connectionLog) {
        int n = SERVER_NUMBERS.incrementAndGet();
        this.socketPort = socketPort;
        this.tls = tls;
        this.connectionLog = connectionLog;
        this.inMemoryUri = URI.create("ws://localhost/fake-dfx/" + n);
        Scheduler scheduler;
        if (settings.clock() instanceof Scheduler) {
            this.timer = null;
            scheduler = (Scheduler) settings.clock();
        } else {
            this.timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "fake-dfx-server-timer-" + n);
                t.setDaemon(true);
                return t;
            });
            this.timer.setRemoveOnCancelPolicy(true);
            scheduler = Scheduler.of(timer);
        }
        Scheduler guarded = (delay, task) -> scheduler.schedule(delay, () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "fake server timer task failed", e);
            }
        });
        this.engine = new Engine(settings, guarded, recording);
    }

    /** @return a builder with the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers {@link #inMemoryUri()} in the {@link InMemoryRegistry}, so the in-memory transport reaches this
     * server, and, in socket mode ({@link Builder#socket(int)}), starts listening on 127.0.0.1 (its URL is registered
     * in memory too). Idempotent.
     *
     * @return this server
     * @throws IllegalStateException if the server is closed
     * @throws dev.dfx.core.error.DfxTransportException if the socket cannot be bound
     */
    public FakeDfxServer start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("server is closed");
            }
            if (!started) {
                registration = InMemoryRegistry.register(inMemoryUri, this);
                if (socketPort >= 0) {
                    try {
                        frontEnd = WebSocketServerFrontEnd.builder(this).port(socketPort).tls(tls).start();
                    } catch (RuntimeException e) {
                        closeQuietly(registration);
                        registration = null;
                        throw e;
                    }
                }
                started = true;
                LOG.log(System.Logger.Level.DEBUG, () -> "fake DFX server started at " + inMemoryUri);
            }
            return this;
        }
    }

    /**
     * @return the in-memory URI, e.g. {@code ws://localhost/fake-dfx/3} (a loopback host, so a client config accepts
     *     plain {@code ws://}); reachable once {@link #start()} has run
     */
    public URI inMemoryUri() {
        return inMemoryUri;
    }

    /**
     * The URI to give the client under test. In socket mode it is the listener's {@code ws://127.0.0.1:<port>/} (or
     * {@code wss://}) URL, which is also registered in memory, so one test reaches the same server over a real socket
     * or in memory by swapping only the transport. Without socket mode it is {@link #inMemoryUri()}.
     *
     * @return the server's URI
     * @throws IllegalStateException in socket mode before {@link #start()}
     */
    public URI uri() {
        if (socketPort < 0) {
            return inMemoryUri;
        }
        synchronized (lifecycle) {
            if (frontEnd == null) {
                throw new IllegalStateException("server is not listening yet: call start()");
            }
            return frontEnd.uri();
        }
    }

    /**
     * @return in TLS socket mode, an {@link SSLContext} that trusts the server's self-signed certificate; for clients
     * @throws IllegalStateException unless the server listens with TLS
     */
    public SSLContext clientSslContext() {
        synchronized (lifecycle) {
            if (frontEnd == null || !tls) {
                throw new IllegalStateException("server is not listening with TLS");
            }
            return frontEnd.clientSslContext();
        }
    }

    // ---- ConnectionAcceptor ----

    /**
     * Decides an upgrade request (see the class comment); handshake faults apply first.
     *
     * @param request what the client asked for
     * @return the decision
     */
    @Override
    public HandshakeDecision handshake(HandshakeRequest request) {
        return engine.handshake(request);
    }

    /**
     * Accepts a connection whose upgrade was accepted.
     *
     * @param request what the client asked for
     * @param peer how to talk back to the client
     * @return the connection the front end feeds
     */
    @Override
    public ServerConnection accept(HandshakeRequest request, PeerChannel peer) {
        ServerConnection c = engine.accept(request, peer);
        if (connectionLog == null) {
            return c;
        }
        long n = connectionNumbers.incrementAndGet();
        connectionLog.accept("connection " + n + " opened from " + request.remoteAddress());
        return new ServerConnection() {
            @Override
            public void onBinary(ByteBuffer frame) {
                c.onBinary(frame);
            }

            @Override
            public void onText(String text) {
                c.onText(text);
            }

            @Override
            public void onPing(ByteBuffer payload) {
                c.onPing(payload);
            }

            @Override
            public void onPong(ByteBuffer payload) {
                c.onPong(payload);
            }

            @Override
            public void onClosed(int code, String reason) {
                c.onClosed(code, reason);
                connectionLog.accept("connection " + n + " closed (code " + code + ")");
            }
        };
    }

    // ---- measurements ----

    /**
     * Creates a measurement, as {@code 0504} or REST Measurements.Create would.
     *
     * @return its new id (a random UUID)
     */
    public String createMeasurement() {
        return engine.createMeasurement();
    }

    /**
     * @param measurementId an id to make known (no effect if it is)
     * @return this server
     */
    public FakeDfxServer addMeasurement(String measurementId) {
        engine.addMeasurement(measurementId);
        return this;
    }

    /**
     * @param measurementId a measurement id
     * @return a snapshot of its state, or empty if the id is unknown
     */
    public Optional<MeasurementState> measurement(String measurementId) {
        return engine.measurement(measurementId);
    }

    /**
     * Bends the results of one chunk of one measurement (docs/protocol.md §5.3): SNR sentinels, {@code LIVENESS_ERROR},
     * {@code ANALYSIS_ERROR}, {@code WORKER_ERROR}, missing fields. It applies to every result of that chunk order
     * (after a restart too) until {@link #clearResultScripts()}; a later script for the same chunk replaces it.
     * {@code 0500} Retrieve is not affected.
     *
     * @param measurementId the measurement
     * @param chunkOrder the chunk whose result to bend, 0 or more
     * @param script how
     * @return this server
     */
    public FakeDfxServer scriptResult(String measurementId, int chunkOrder, ResultScript script) {
        engine.scriptResult(Objects.requireNonNull(measurementId, "measurementId"), chunkOrder, script);
        return this;
    }

    /**
     * Bends the results of one chunk order of every measurement (one without its own script for that chunk); see
     * {@link #scriptResult(String, int, ResultScript)}.
     *
     * @param chunkOrder the chunk whose result to bend, 0 or more
     * @param script how
     * @return this server
     */
    public FakeDfxServer scriptResults(int chunkOrder, ResultScript script) {
        engine.scriptResult(null, chunkOrder, script);
        return this;
    }

    /**
     * Disarms every result script.
     *
     * @return this server
     */
    public FakeDfxServer clearResultScripts() {
        engine.clearResultScripts();
        return this;
    }

    // ---- faults ----

    /**
     * Arms a fault.
     *
     * @param spec the fault; one-shot unless {@link FaultSpec#persistent()}
     * @return this server
     */
    public FakeDfxServer enqueue(FaultSpec spec) {
        engine.faults().arm(spec);
        return this;
    }

    /**
     * One-shot: the next request of {@code action} gets {@code status} and {@code {"Code":code,"Message":...}}
     * without being processed.
     *
     * @param action the action
     * @param status 400..599
     * @param code the error code, e.g. {@code RATE_LIMIT}
     * @return this server
     */
    public FakeDfxServer failNext(ActionId action, int status, String code) {
        return enqueue(FaultSpec.errorStatus(action, status, code, "injected by the fake server"));
    }

    /**
     * One-shot: the next request of {@code action} is processed (and answered) {@code delay} later.
     *
     * @param action the action
     * @param delay zero or more
     * @return this server
     */
    public FakeDfxServer delayNext(ActionId action, Duration delay) {
        return enqueue(FaultSpec.slowAck(action, delay));
    }

    /**
     * One-shot: the connection that delivers the {@code frames}-th frame from now on is aborted (no close frame).
     *
     * @param frames 1 or more
     * @return this server
     */
    public FakeDfxServer dropAfterFrames(int frames) {
        return enqueue(FaultSpec.dropAfterFrames(frames));
    }

    /**
     * One-shot: the next upgrade is refused with {@code status}.
     *
     * @param status an HTTP status, 200..599
     * @return this server
     */
    public FakeDfxServer rejectHandshake(int status) {
        return enqueue(FaultSpec.rejectHandshake(status));
    }

    /**
     * One-shot: the next upgrade request is never answered.
     *
     * @return this server
     */
    public FakeDfxServer stallHandshake() {
        return enqueue(FaultSpec.stall());
    }

    /**
     * One-shot: the next upgrade is accepted without selecting a subprotocol.
     *
     * @return this server
     */
    public FakeDfxServer omitSubprotocol() {
        return enqueue(FaultSpec.noSubprotocol());
    }

    /**
     * One-shot: instead of answering the next frame, the server closes its connection with {@code code}.
     *
     * @param code close code, 1000..4999
     * @param reason close reason
     * @return this server
     */
    public FakeDfxServer closeOnNextFrame(int code, String reason) {
        return enqueue(FaultSpec.closeWith(code, reason));
    }

    /**
     * One-shot: the next client ping is not answered.
     *
     * @return this server
     */
    public FakeDfxServer ignoreNextPing() {
        return enqueue(FaultSpec.noPong());
    }

    /**
     * Disarms every fault, one-shot and persistent.
     *
     * @return this server
     */
    public FakeDfxServer clearFaults() {
        engine.faults().clear();
        return this;
    }

    /** @return the faults armed now, in arming order */
    public List<FaultSpec> armedFaults() {
        return engine.faults().armed();
    }

    /**
     * Starts a close handshake on every open connection now.
     *
     * @param code close code
     * @param reason close reason
     */
    public void closeConnections(int code, String reason) {
        Objects.requireNonNull(reason, "reason");
        engine.closeConnections(code, reason);
    }

    // ---- recording ----

    /**
     * Takes the next received frame not taken yet, waiting up to {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the frame, or null if none arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedFrame takeFrame(Duration timeout) throws InterruptedException {
        return engine.recorder().takeReceived(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Takes the next sent frame not taken yet, waiting up to {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the frame, or null if none was sent in time
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedFrame takeSentFrame(Duration timeout) throws InterruptedException {
        return engine.recorder().takeSent(Objects.requireNonNull(timeout, "timeout"));
    }

    /** @return every frame received so far and still kept by the {@link Builder#recording}, in arrival order */
    public List<RecordedFrame> receivedFrames() {
        return engine.recorder().receivedFrames();
    }

    /** @return every frame sent so far and still kept by the {@link Builder#recording}, in send order */
    public List<RecordedFrame> sentFrames() {
        return engine.recorder().sentFrames();
    }

    /**
     * @param licenseKey a licence key
     * @return how many times {@code 0705} registered it (each registration takes a device)
     */
    public int registrations(String licenseKey) {
        return engine.registrations(licenseKey);
    }

    /** @return connections accepted since the server was built */
    public int connectionCount() {
        return engine.connectionCount();
    }

    /** @return connections accepted and not yet closed */
    public int openConnectionCount() {
        return engine.openConnectionCount();
    }

    /**
     * Unregisters the URI, closes open connections with 1001, cancels timers and stops the timer thread; upgrades
     * that still arrive are refused with HTTP 503. Idempotent; returns within about a second.
     */
    @Override
    public void close() {
        AutoCloseable reg;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            reg = registration;
            registration = null;
            if (frontEnd != null) {
                frontEnd.close();
            }
        }
        if (reg != null) {
            try {
                reg.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "unregistering " + inMemoryUri + " failed", e);
            }
        }
        engine.shutdown();
        if (timer != null) {
            timer.shutdownNow();
            try {
                if (!timer.awaitTermination(1, TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "fake server timer did not stop within 1 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "fake DFX server closed: " + inMemoryUri);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "cleanup failed", e);
        }
    }

    @Override
    public String toString() {
        return "FakeDfxServer[" + inMemoryUri + (socketPort >= 0 ? ", socket" : "") + ", connections="
                + connectionCount() + "]";
    }

    /**
     * Builds a {@link FakeDfxServer}. Not thread-safe; defaults are in each method's comment.
     */
    public static final class Builder {
        private Set<String> tokens = Set.of("test-token");
        private final Set<String> measurements = new LinkedHashSet<>();
        private boolean acceptAnyMeasurement;
        private boolean rateLimit = true;
        private Duration rateAllowance = Duration.ofSeconds(5);
        private Duration maxMeasurementDuration = Duration.ofSeconds(120);
        private Duration resultDelay = Duration.ZERO;
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private InstantSource clock = InstantSource.system();
        private BodyCodec codec;
        private int socketPort = -1;
        private boolean tls;
        private Consumer<String> connectionLog;
        private final Map<String, LicenseStatus> licenses = new LinkedHashMap<>();
        private final Map<String, AccountSettings.User> users = new LinkedHashMap<>();
        private final Set<String> studies = new LinkedHashSet<>();
        private String region = Engine.REGION;
        private Duration tokenTtl = Duration.ofSeconds(86400);
        private Duration refreshTokenTtl = Duration.ofDays(30);
        private boolean expireTokensInSession;
        private Recording recording = Recording.everything();

        private Builder() {
        }

        /**
         * How much traffic the server keeps for {@link FakeDfxServer#receivedFrames()},
         * {@link FakeDfxServer#sentFrames()}, {@link FakeDfxServer#takeFrame} and
         * {@link FakeDfxServer#takeSentFrame}. Default {@link Recording#everything()}: exact and unbounded, what
         * tests rely on. For long or heavy runs pass a bound such as {@link Recording#metadataOnly(int)}, or the heap
         * fills with frames.
         *
         * @param policy how much to keep
         * @return this builder
         */
        public Builder recording(Recording policy) {
            this.recording = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Adds an active licence key for {@code 0705} Organizations.RegisterLicense (docs/protocol.md §1.3, §3.3).
         *
         * @param key the key; never logged
         * @return this builder
         */
        public Builder license(String key) {
            return license(key, LicenseStatus.ACTIVE);
        }

        /**
         * Adds a licence key in a given state: {@link LicenseStatus#EXPIRED} registers with {@code 403
         * LICENSE_EXPIRED}, {@link LicenseStatus#INACTIVE} with {@code 403 INACTIVE_LICENSE}. Default: no licences
         * (every key gets {@code 404 INVALID_LICENSE}).
         *
         * @param key the key, not blank; never logged
         * @param status its state
         * @return this builder
         */
        public Builder license(String key, LicenseStatus status) {
            licenses.put(notBlank(key, "key"), Objects.requireNonNull(status, "status"));
            return this;
        }

        /**
         * Adds a user for {@code 0201} Users.Login, without MFA. Default: no users.
         *
         * @param email the e-mail, not blank
         * @param password the password, not blank; never logged
         * @return this builder
         */
        public Builder user(String email, String password) {
            return user(email, password, null);
        }

        /**
         * Adds a user for {@code 0201} Users.Login.
         *
         * @param email the e-mail, not blank
         * @param password the password, not blank; never logged
         * @param mfaToken the {@code MFAToken} the login must carry, or null for a user without MFA
         * @return this builder
         */
        public Builder user(String email, String password, String mfaToken) {
            users.put(notBlank(email, "email"), new AccountSettings.User(email, notBlank(password, "password"),
                    mfaToken == null ? null : notBlank(mfaToken, "mfaToken")));
            return this;
        }

        /**
         * Known study ids for {@code 0504} Measurements.Create and {@code 0806}: once any is given, another study id
         * gets {@code 404 INVALID_STUDY}. Default none: any study id (or none) is accepted.
         *
         * @param ids study ids, not blank (added to earlier ones)
         * @return this builder
         */
        public Builder studies(String... ids) {
            Objects.requireNonNull(ids, "ids");
            for (String id : ids) {
                studies.add(notBlank(id, "ids element"));
            }
            return this;
        }

        /**
         * @param value the {@code Region} claim of minted tokens and the region of {@code 0100}, not blank (default
         *     {@code fake-local}, which names no real cluster, so a client that follows the claim reaches nothing)
         * @return this builder
         */
        public Builder region(String value) {
            this.region = notBlank(value, "value");
            return this;
        }

        /**
         * @param ttl the longest lifetime of a token the server mints, at least 1 s, whole seconds (default 86400 s);
         *     a {@code 0705} asking for a shorter {@code TokenExpiresIn} gets that
         * @return this builder
         */
        public Builder tokenTtl(Duration ttl) {
            this.tokenTtl = atLeastOneSecond(ttl, "ttl");
            return this;
        }

        /**
         * @param ttl the lifetime of a refresh token, at least 1 s (default 30 days, as [PY])
         * @return this builder
         */
        public Builder refreshTokenTtl(Duration ttl) {
            this.refreshTokenTtl = atLeastOneSecond(ttl, "ttl");
            return this;
        }

        /**
         * @param value true: once the token a socket logged in with expires, every request but {@code 0718},
         *     {@code 0705}, {@code 0201} and {@code 2304} gets {@code 401 TOKEN_EXPIRED} until a fresh {@code 0718}
         *     (default false: a socket stays logged in, like the real server as far as public clients show)
         * @return this builder
         */
        public Builder expireTokensInSession(boolean value) {
            this.expireTokensInSession = value;
            return this;
        }

        private static String notBlank(String s, String name) {
            Objects.requireNonNull(s, name);
            if (s.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return s;
        }

        private static Duration atLeastOneSecond(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(name + " must be at least 1 s, got " + d);
            }
            return d;
        }

        /**
         * Also listens on a real loopback WebSocket socket (127.0.0.1), served by the same protocol engine; default:
         * in memory only. The upgrade is refused without the {@code json} subprotocol (Q14).
         *
         * @param port 0 for any free port, or 1..65535
         * @return this builder
         */
        public Builder socket(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.socketPort = port;
            return this;
        }

        /**
         * In socket mode, serves {@code wss://} with a self-signed certificate for 127.0.0.1/localhost generated at
         * start; clients trust it through {@link FakeDfxServer#clientSslContext()}. Default off.
         *
         * @param value whether to use TLS
         * @return this builder
         */
        public Builder tls(boolean value) {
            this.tls = value;
            return this;
        }

        /**
         * @param log receives one line when a connection opens and one when it closes (never tokens); default none
         * @return this builder
         */
        public Builder onConnection(Consumer<String> log) {
            this.connectionLog = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * @param validTokens the tokens that authenticate (replacing the default {@code "test-token"}); never logged
         * @return this builder
         */
        public Builder tokens(String... validTokens) {
            Objects.requireNonNull(validTokens, "validTokens");
            Set<String> t = new LinkedHashSet<>();
            for (String s : validTokens) {
                Objects.requireNonNull(s, "validTokens element");
                if (s.isBlank()) {
                    throw new IllegalArgumentException("validTokens must not contain a blank token");
                }
                t.add(s);
            }
            this.tokens = Set.copyOf(t);
            return this;
        }

        /**
         * @param ids measurement ids known from the start (added to earlier ones; default none)
         * @return this builder
         */
        public Builder measurements(String... ids) {
            Objects.requireNonNull(ids, "ids");
            for (String id : ids) {
                Objects.requireNonNull(id, "ids element");
                if (id.isBlank()) {
                    throw new IllegalArgumentException("ids must not contain a blank id");
                }
                measurements.add(id);
            }
            return this;
        }

        /**
         * @param accept true: an unknown measurement id is created on first use instead of
         *     {@code 404 INVALID_MEASUREMENT} (default false)
         * @return this builder
         */
        public Builder acceptAnyMeasurement(boolean accept) {
            this.acceptAnyMeasurement = accept;
            return this;
        }

        /**
         * @param enforce true: enforce the real-time rule of docs/protocol.md §4.3 with {@code 429 RATE_LIMIT}
         *     (default true)
         * @return this builder
         */
        public Builder rateLimit(boolean enforce) {
            this.rateLimit = enforce;
            return this;
        }

        /**
         * @param allowance how far chunk seconds may run ahead of real time, zero or more (default 5 s)
         * @return this builder
         */
        public Builder rateAllowance(Duration allowance) {
            this.rateAllowance = nonNegative(allowance, "allowance");
            return this;
        }

        /**
         * @param max the longest measurement, positive (default 120 s, docs/protocol.md §4.3)
         * @return this builder
         */
        public Builder maxMeasurementDuration(Duration max) {
            Objects.requireNonNull(max, "max");
            if (max.isZero() || max.isNegative()) {
                throw new IllegalArgumentException("max must be positive, got " + max);
            }
            this.maxMeasurementDuration = max;
            return this;
        }

        /**
         * @param delay time between a chunk's ack and its result, zero or more (default 0: right after the ack)
         * @return this builder
         */
        public Builder resultDelay(Duration delay) {
            this.resultDelay = nonNegative(delay, "delay");
            return this;
        }

        /**
         * @param interval server ping interval, zero or more; zero disables pings (default 30 s)
         * @return this builder
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = nonNegative(interval, "interval");
            return this;
        }

        /**
         * @param timeout close a connection silent this long with 1001, zero or more; zero disables (default 60 s)
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = nonNegative(timeout, "timeout");
            return this;
        }

        /**
         * @param source the time source (default the system clock); if it is also a {@link Scheduler} (such as
         *     {@link ManualClock}) it runs the server's timers too
         * @return this builder
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param bodyCodec the body codec; its subprotocol is the one the handshake requires (default
         *     {@link JacksonBodyCodec#create()}, subprotocol {@code json})
         * @return this builder
         */
        public Builder codec(BodyCodec bodyCodec) {
            this.codec = Objects.requireNonNull(bodyCodec, "bodyCodec");
            return this;
        }

        /** @return a new server, not yet started */
        public FakeDfxServer build() {
            BodyCodec c = codec != null ? codec : JacksonBodyCodec.create();
            if (tls && socketPort < 0) {
                throw new IllegalArgumentException("tls needs socket mode: call socket(port) too");
            }
            return new FakeDfxServer(new EngineSettings(tokens, measurements, acceptAnyMeasurement, rateLimit,
                    rateAllowance, maxMeasurementDuration, resultDelay, pingInterval, idleTimeout, clock, c,
                    new AccountSettings(licenses, users, studies, region, tokenTtl, refreshTokenTtl,
                            expireTokensInSession)),
                    recording, socketPort, tls, connectionLog);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or more, got " + d);
            }
            return d;
        }
    }
}
