package dev.dfx.testkit.server.internal;

import dev.dfx.core.ActionId;
import dev.dfx.core.MeasurementAction;
import dev.dfx.core.RequestId;
import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.RequestFrame;
import dev.dfx.core.port.Scheduler;
import dev.dfx.testkit.server.Fault;
import dev.dfx.testkit.server.FaultSpec;
import dev.dfx.testkit.server.RecordedFrame;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One accepted client connection. Frames are recorded on arrival and queued; one at a time, in arrival order, the
 * engine takes a frame, applies faults and processes it (docs/protocol.md §2.3). Processing runs on the thread that
 * delivered the frame, or on the scheduler after a SLOW_ACK delay; frames arriving meanwhile wait. Thread-safe.
 */
public final class FakeConnection implements ServerConnection {
    private static final System.Logger LOG = System.getLogger(FakeConnection.class.getName());
    private static final ByteBuffer PING_PAYLOAD =
            ByteBuffer.wrap("fake-dfx-ping".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    /** docs/protocol.md §1.3 C, §8 Q2: the actions answered before a login. */
    private static final Set<String> OPEN_ACTIONS = Set.of("0718", "0705", "0201", "2304");
    /** {@code 0108} General.Regions (docs/protocol.md §3.3): the clusters; the labels are ours. */
    private static final Map<String, Object> REGIONS = regions();

    private final long id;
    private final Engine engine;
    private final PeerChannel peer;
    private final Object lock = new Object();
    private final ArrayDeque<RecordedFrame> queue = new ArrayDeque<>();
    private boolean busy;
    /** The socket's login (docs/protocol.md §1.3), or null before one. */
    private volatile Accounts.Login login;
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile Instant lastHeard;
    private Scheduler.Cancellable pingTask;
    private Scheduler.Cancellable idleTask;
    /**
     * The measurements this connection holds a subscription on (guarded by itself; added to while the measurement's
     * monitor is held). Lets a close or a reused RequestID visit only these, not every measurement.
     */
    private final Set<Measurement> subscribedTo = new HashSet<>();
    /** True once {@link #detachSubscriptions()} ran: no new subscription (guarded by {@link #subscribedTo}). */
    private boolean subscriptionsDetached;

    FakeConnection(long id, Engine engine, PeerChannel peer, Accounts.Login headerLogin) {
        this.id = id;
        this.engine = engine;
        this.peer = peer;
        this.login = headerLogin;
        this.lastHeard = engine.clock().instant();
    }

    private static Map<String, Object> regions() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("na-east", "North America East (N. Virginia)");
        r.put("eu-central", "Europe Central (Frankfurt)");
        r.put("sa-east", "South America East (Sao Paulo)");
        r.put("as-east", "Asia East (Tokyo)");
        r.put("as-hk", "Asia (Hong Kong)");
        r.put("cn-north", "China North");
        r.put("cn-west", "China West");
        return Collections.unmodifiableMap(r);
    }

    /** @return a snapshot of the measurements this connection subscribed to */
    List<Measurement> subscribedMeasurements() {
        synchronized (subscribedTo) {
            return List.copyOf(subscribedTo);
        }
    }

    /**
     * Records a subscription on {@code m}; the caller holds {@code m}'s monitor.
     *
     * @return false once the connection's subscriptions were detached (it is closing): do not subscribe
     */
    private boolean noteSubscribed(Measurement m) {
        synchronized (subscribedTo) {
            if (subscriptionsDetached) {
                return false;
            }
            subscribedTo.add(m);
            return true;
        }
    }

    /** Drops {@code m} from the index if none of this connection's subscriptions remain; holds {@code m}'s monitor. */
    void forgetIfUnsubscribed(Measurement m) {
        for (Measurement.Subscription s : m.subscriptions) {
            if (s.connection() == this) {
                return;
            }
        }
        synchronized (subscribedTo) {
            subscribedTo.remove(m);
        }
    }

    /** @return the measurements subscribed to, emptying the index for good (no later subscription is taken) */
    List<Measurement> detachSubscriptions() {
        synchronized (subscribedTo) {
            subscriptionsDetached = true;
            List<Measurement> all = List.copyOf(subscribedTo);
            subscribedTo.clear();
            return all;
        }
    }

    /** @return the connection id */
    public long id() {
        return id;
    }

    /** @return true until the connection ended */
    public boolean isOpen() {
        return !closed;
    }

    void startHeartbeat() {
        Duration ping = engine.settings().pingInterval();
        Duration idle = engine.settings().idleTimeout();
        synchronized (lock) {
            if (!ping.isZero()) {
                pingTask = engine.scheduler().schedule(ping, this::pingTick);
            }
            if (!idle.isZero()) {
                idleTask = engine.scheduler().schedule(idle, this::idleTick);
            }
        }
    }

    private void pingTick() {
        if (closing || closed) {
            return;
        }
        peer.ping(PING_PAYLOAD.duplicate());
        synchronized (lock) {
            if (!closing && !closed) {
                pingTask = engine.scheduler().schedule(engine.settings().pingInterval(), this::pingTick);
            }
        }
    }

    private void idleTick() {
        if (closing || closed) {
            return;
        }
        Duration limit = engine.settings().idleTimeout();
        Duration silent = Duration.between(lastHeard, engine.clock().instant());
        if (silent.compareTo(limit) >= 0) {
            // docs/protocol.md §1.4 [FAKE]: drop the socket after the idle timeout without a pong or frame
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + " idle for " + silent + ", closing 1001");
            closeBy(1001, "idle timeout");
            return;
        }
        synchronized (lock) {
            if (!closing && !closed) {
                idleTask = engine.scheduler().schedule(limit.minus(silent), this::idleTick);
            }
        }
    }

    private void cancelTimers() {
        synchronized (lock) {
            if (pingTask != null) {
                pingTask.cancel();
                pingTask = null;
            }
            if (idleTask != null) {
                idleTask.cancel();
                idleTask = null;
            }
        }
    }

    /**
     * Closes the connection from the server side with a close handshake.
     *
     * @param code close code
     * @param reason reason
     */
    void closeBy(int code, String reason) {
        if (closing || closed) {
            return;
        }
        closing = true;
        cancelTimers();
        engine.unsubscribe(this);
        peer.close(code, reason);
    }

    private void abort() {
        if (closing || closed) {
            return;
        }
        closing = true;
        cancelTimers();
        engine.unsubscribe(this);
        peer.abort();
    }

    // ---- ServerConnection ----

    @Override
    public void onBinary(ByteBuffer frame) {
        ByteBuffer f = frame.duplicate();
        byte[] bytes = new byte[f.remaining()];
        f.get(bytes);
        receive(RecordedFrame.Opcode.BINARY, bytes);
    }

    @Override
    public void onText(String text) {
        // docs/protocol.md §2.3: TEXT frames are accepted like BINARY ones, from their UTF-8 bytes
        receive(RecordedFrame.Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        lastHeard = engine.clock().instant();
        if (closing || closed) {
            return;
        }
        if (engine.faults().take(Fault.NO_PONG, null).isPresent()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + ": NO_PONG fault, ping unanswered");
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
        peer.pong(copy);
    }

    @Override
    public void onPong(ByteBuffer payload) {
        lastHeard = engine.clock().instant();
    }

    @Override
    public void onClosed(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimers();
        engine.connectionClosed(this);
        LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + " closed " + code);
    }

    private void receive(RecordedFrame.Opcode opcode, byte[] bytes) {
        if (closed) {
            return;
        }
        Instant now = engine.clock().instant();
        lastHeard = now;
        ActionId action = null;
        RequestId requestId = null;
        try {
            RequestFrame f = FrameCodec.decodeRequest(ByteBuffer.wrap(bytes));
            action = f.actionId();
            requestId = f.requestId();
        } catch (DfxProtocolException e) {
            // recorded without header fields; processing closes the connection with 1002
        }
        RecordedFrame rec = new RecordedFrame(id, RecordedFrame.Direction.RECEIVED, opcode, bytes, action, requestId,
                -1, now);
        if (LOG.isLoggable(System.Logger.Level.TRACE)) {
            LOG.log(System.Logger.Level.TRACE, "connection " + id + " received " + rec);
        }
        engine.recorder().received(rec);
        synchronized (lock) {
            queue.add(rec);
        }
        drain();
    }

    private void drain() {
        while (true) {
            RecordedFrame next;
            synchronized (lock) {
                if (busy || queue.isEmpty()) {
                    return;
                }
                busy = true;
                next = queue.poll();
            }
            boolean deferred = false;
            try {
                deferred = take(next);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "connection " + id + ": frame processing failed", e);
            } finally {
                if (!deferred) {
                    synchronized (lock) {
                        busy = false;
                    }
                }
            }
            if (deferred) {
                return;
            }
        }
    }

    /** @return true if processing was deferred to the scheduler, which then releases the queue */
    private boolean take(RecordedFrame rec) {
        if (closing || closed) {
            return false;
        }
        if (engine.faults().countFrameForDrop()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + ": DROP_AFTER_N fault, aborting");
            abort();
            return false;
        }
        RequestFrame frame;
        try {
            frame = FrameCodec.decodeRequest(ByteBuffer.wrap(rec.bytes()));
        } catch (DfxProtocolException e) {
            // docs/protocol.md §8 Q13: a frame under 14 bytes or with a malformed header closes with 1002
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + ": malformed frame, closing 1002");
            closeBy(1002, "malformed frame");
            return false;
        }
        ActionId action = frame.actionId();
        Optional<FaultSpec> close = engine.faults().take(Fault.CLOSE_WITH, action);
        if (close.isPresent()) {
            closeBy(close.get().closeCode(), close.get().reason());
            return false;
        }
        Optional<FaultSpec> error = engine.faults().take(Fault.ERROR_STATUS, action);
        if (error.isPresent()) {
            FaultSpec s = error.get();
            sendError(frame, new Refusal(s.status(), s.code(), s.message()));
            return false;
        }
        Optional<FaultSpec> slow = engine.faults().take(Fault.SLOW_ACK, action);
        if (slow.isPresent()) {
            engine.scheduler().schedule(slow.get().delay(), () -> {
                try {
                    if (!closing && !closed) {
                        handle(frame);
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "connection " + id + ": delayed processing failed", e);
                } finally {
                    synchronized (lock) {
                        busy = false;
                    }
                    drain();
                }
            });
            return true;
        }
        handle(frame);
        return false;
    }

    // ---- protocol ----

    private void handle(RequestFrame frame) {
        try {
            Map<?, ?> body = decodeBody(frame.body());
            ActionId action = frame.actionId();
            String code = action.code();
            if (!OPEN_ACTIONS.contains(code)) {
                requireLogin();
            }
            Accounts accounts = engine.accounts();
            switch (code) {
                case "0718":
                    loginWithToken(frame, body);
                    break;
                case "0705":
                    // §1.3 C [FAKE]: works on a bare socket; success logs the socket in with the new token
                    send(frame.requestId(), action, 200, accounts.register(body, l -> login = l));
                    break;
                case "0201":
                    send(frame.requestId(), action, 200, accounts.login(body, l -> login = l));
                    break;
                case "2304":
                    // §1.3: a new pair; the socket stays logged in with the token it has (the client sends 0718)
                    send(frame.requestId(), action, 200, accounts.renew(body));
                    break;
                case "0706":
                    accounts.unregister(login);
                    login = null;
                    send(frame.requestId(), action, 200, Map.of());
                    break;
                case "0107":
                    send(frame.requestId(), action, 200, accounts.verify(accounts.check(login.token())));
                    break;
                case "0108":
                    send(frame.requestId(), action, 200, REGIONS);
                    break;
                case "0100":
                    send(frame.requestId(), action, 200, status());
                    break;
                case "0504":
                    create(frame, body);
                    break;
                case "0500":
                    retrieve(frame, body);
                    break;
                case "0501":
                    list(frame, body);
                    break;
                case "0806":
                    sdkConfig(frame, body);
                    break;
                case "0510":
                    subscribe(frame, body);
                    break;
                case "0506":
                    addData(frame, body);
                    break;
                default:
                    // docs/protocol.md §6.1, §8 Q13 [CPP]: an id the server does not route
                    throw new Refusal(400, "INCORRECT_REQUEST", "Invalid Route Number " + code);
            }
        } catch (Refusal r) {
            sendError(frame, r);
        }
    }

    /**
     * docs/protocol.md §8 Q2: a request other than 0718/0705/0201/2304 needs a login. With in-session expiry, a socket
     * whose token expired gets {@code 401 TOKEN_EXPIRED} until a fresh 0718 (issue 11's rule, our choice).
     */
    private void requireLogin() {
        Accounts.Login l = login;
        if (l == null) {
            throw new Refusal(401, "UNAUTHORIZED", "log in first: send 0718, 0705 or 0201, or an Authorization header");
        }
        if (engine.accounts().revoked(l)) {
            throw new Refusal(401, "INVALID_TOKEN", "the device of this token was unregistered");
        }
        if (engine.settings().accounts().expireInSession() && l.expiredAt(engine.clock().instant())) {
            throw new Refusal(401, "TOKEN_EXPIRED", "the token has expired: renew it with 2304, then send 0718");
        }
    }

    private Map<?, ?> decodeBody(ByteBuffer body) {
        if (!body.hasRemaining()) {
            throw new Refusal(400, "INVALID_REQUEST", "the body must be a JSON object");
        }
        Map<?, ?> map;
        try {
            map = engine.settings().codec().decode(body, Map.class);
        } catch (RuntimeException e) {
            // docs/protocol.md §8 Q13: bad JSON → 400 INVALID_REQUEST on the frame's id
            throw new Refusal(400, "INVALID_REQUEST", "the body is not a JSON object");
        }
        if (map == null) {
            throw new Refusal(400, "INVALID_REQUEST", "the body must be a JSON object");
        }
        return map;
    }

    private void loginWithToken(RequestFrame frame, Map<?, ?> body) {
        Object token = body.get("Token");
        // docs/protocol.md §1.3 A, §8 Q1: 401 INVALID_TOKEN or TOKEN_EXPIRED, socket stays open; an earlier login stays
        Accounts.Login l = engine.accounts().check(token instanceof String ? (String) token : null);
        login = l;
        // §1.3 A, Q1 (revised): success is 200 {"Token":...}
        send(frame.requestId(), frame.actionId(), 200, Map.of("Token", l.token()));
    }

    private Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("StatusID", "ACTIVE");
        s.put("Version", Engine.VERSION);
        s.put("Region", engine.settings().accounts().region());
        s.put("AllowAnonymous", false);
        return s;
    }

    /** Measurements.Create, {@code 0504} (docs/protocol.md §3.3). */
    private void create(RequestFrame frame, Map<?, ?> body) {
        Object study = body.get("StudyID");
        Set<String> studies = engine.settings().accounts().studies();
        if (!studies.isEmpty()) {
            String studyId = Accounts.requiredString(body, "StudyID");
            if (!studies.contains(studyId)) {
                throw new Refusal(404, "INVALID_STUDY", "no such study: check the study id");
            }
        }
        Integer resolution = Bodies.nonNegativeInt(body, "Resolution");
        if (resolution != null && resolution != 0 && resolution != 100) {
            throw new Refusal(400, "INVALID_REQUEST", "Resolution must be 0 or 100");
        }
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("ID", engine.createMeasurement(study instanceof String ? (String) study : null,
                resolution == null ? 0 : resolution));
        send(frame.requestId(), frame.actionId(), 200, created);
    }

    /**
     * Measurements.List, {@code 0501} (docs/protocol.md §3.3 [CPP]): a JSON array, newest first, each element carrying
     * {@code TotalCount} (the count before paging). {@code Limit} from {@code Params} or {@code Query} (default 50),
     * {@code Offset} and a {@code StudyID} filter from {@code Query}.
     */
    private void list(RequestFrame frame, Map<?, ?> body) {
        Map<?, ?> params = body.get("Params") == null ? Map.of() : Bodies.object(body.get("Params"), "Params");
        Map<?, ?> query = body.get("Query") == null ? Map.of() : Bodies.object(body.get("Query"), "Query");
        Integer limit = Bodies.nonNegativeInt(params, "Limit");
        if (limit == null) {
            limit = Bodies.nonNegativeInt(query, "Limit");
        }
        int max = limit == null ? 50 : limit;
        Integer offset = Bodies.nonNegativeInt(query, "Offset");
        Object studyFilter = query.get("StudyID");
        List<Measurement> all = new ArrayList<>();
        for (Measurement m : engine.measurementsNewestFirst()) {
            if (studyFilter == null || studyFilter.equals(m.studyId)) {
                all.add(m);
            }
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset == null ? 0 : offset; i < all.size() && page.size() < max; i++) {
            Map<String, Object> e = summary(all.get(i));
            e.put("TotalCount", all.size());
            page.add(e);
        }
        sendArray(frame.requestId(), frame.actionId(), 200, page);
    }

    private static Map<String, Object> summary(Measurement m) {
        synchronized (m) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("ID", m.id);
            e.put("StudyID", m.studyId);
            e.put("StatusID", m.statusId());
            e.put("Resolution", m.resolution);
            e.put("Created", m.created.getEpochSecond());
            e.put("Updated", m.updated.getEpochSecond());
            return e;
        }
    }

    /**
     * Studies.RetrieveSdkConfigData, {@code 0806} (docs/protocol.md §3.3): a synthetic config file per study and
     * {@code SDKID}, base64 in {@code ConfigFile}, with its MD5 in hex; {@code 304 {}} when the caller's
     * {@code MD5Hash} is current.
     */
    private void sdkConfig(RequestFrame frame, Map<?, ?> body) {
        String studyId = Accounts.requiredString(body, "StudyID");
        Set<String> studies = engine.settings().accounts().studies();
        if (!studies.isEmpty() && !studies.contains(studyId)) {
            throw new Refusal(404, "INVALID_STUDY", "no such study: check the study id");
        }
        Object sdkId = body.get("SDKID");
        byte[] config = ("{\"fake-dfx-sdk-config\":{\"study\":\"" + studyId.replace("\"", "") + "\",\"sdk\":\""
                + (sdkId == null ? "" : sdkId.toString().replace("\"", "")) + "\"}}").getBytes(StandardCharsets.UTF_8);
        String md5;
        try {
            md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(config));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
        Object theirs = body.get("MD5Hash");
        if (theirs instanceof String && md5.equalsIgnoreCase((String) theirs)) {
            send(frame.requestId(), frame.actionId(), 304, Map.of());
            return;
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ConfigFile", Base64.getEncoder().encodeToString(config));
        reply.put("MD5Hash", md5);
        send(frame.requestId(), frame.actionId(), 200, reply);
    }

    private void subscribe(RequestFrame frame, Map<?, ?> body) {
        String measurementId = Bodies.paramsId(body);
        RequestId target = resultTarget(frame, body.get("RequestID"));
        Measurement m = engine.measurementFor(measurementId);
        if (m == null) {
            throw new Refusal(404, "INVALID_MEASUREMENT", "no such measurement");
        }
        // Q5, Q19: a reused RequestID (e.g. [CPP]'s fixed STRM001010) is never refused, on any measurement
        engine.releaseTarget(this, target);
        synchronized (m) {
            if (closing || closed || !noteSubscribed(m)) {
                return;
            }
            // docs/protocol.md §5.2, Q6, Q11: ack on the frame id; results on the target; several allowed, no replay
            m.subscriptions.add(new Measurement.Subscription(this, target));
            send(frame.requestId(), frame.actionId(), 200, Map.of());
        }
    }

    /**
     * Measurements.Retrieve, {@code 0500} (docs/protocol.md §3.3, §5.4). Our choice for Q12: served over WS so that a client
     * can fall back to it when the final result was lost (§5.5). {@code Query} is ignored (results are always
     * expanded). Status: {@code COMPLETE} once a LAST::PROCESS was accepted and its final result produced (after the
     * result delay; {@code PROCESSING} before that), with the same values the stream carried; {@code COMPLETE} with
     * empty {@code Results} after a LAST::IGNORE; {@code CAPTURING} otherwise.
     */
    private void retrieve(RequestFrame frame, Map<?, ?> body) {
        String measurementId = Bodies.paramsId(body);
        Measurement m = engine.measurementFor(measurementId);
        if (m == null) {
            throw new Refusal(404, "INVALID_MEASUREMENT", "no such measurement");
        }
        synchronized (m) {
            Map<String, Object> record;
            if (!m.closed) {
                record = SyntheticResults.retrieved(m.id, "CAPTURING", -1, m.resolution);
            } else if (!m.lastProcessed) {
                record = SyntheticResults.retrieved(m.id, "COMPLETE", -1, m.resolution);
            } else if (!m.finalReady) {
                record = SyntheticResults.retrieved(m.id, "PROCESSING", -1, m.resolution);
            } else {
                record = SyntheticResults.retrieved(m.id, "COMPLETE", m.nextOrder - 1, m.resolution);
            }
            record.put("StudyID", m.studyId);
            record.put("Resolution", m.resolution);
            record.put("Created", m.created.getEpochSecond());
            record.put("Updated", m.updated.getEpochSecond());
            send(frame.requestId(), frame.actionId(), 200, record);
        }
    }

    /** docs/protocol.md §8 Q5: exactly 10 chars → use it; empty or absent → the frame id; else 400. */
    private static RequestId resultTarget(RequestFrame frame, Object requestId) {
        if (requestId == null || "".equals(requestId)) {
            return frame.requestId();
        }
        if (requestId instanceof String && ((String) requestId).length() == RequestId.LENGTH) {
            try {
                return new RequestId((String) requestId);
            } catch (IllegalArgumentException e) {
                // not printable ASCII: refused below
            }
        }
        throw new Refusal(400, "INVALID_REQUEST_ID", "RequestID must be empty or exactly 10 printable characters");
    }

    private void addData(RequestFrame frame, Map<?, ?> body) {
        String measurementId = Bodies.paramsId(body);
        Object actionText = body.get("Action");
        if (!(actionText instanceof String)) {
            throw new Refusal(400, "INVALID_REQUEST", "Action is required");
        }
        MeasurementAction action;
        try {
            action = MeasurementAction.parse((String) actionText);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "INVALID_REQUEST", "Action must be FIRST|CHUNK|LAST::PROCESS|IGNORE");
        }
        Object payload = body.get("Payload");
        if (!(payload instanceof String)) {
            throw new Refusal(400, "INVALID_REQUEST", "Payload is required");
        }
        Integer order = Bodies.nonNegativeInt(body, "ChunkOrder");
        BigDecimal seconds = Bodies.number(body, "Duration");
        if (seconds != null && seconds.signum() < 0) {
            throw new Refusal(400, "INVALID_REQUEST", "Duration must be zero or more");
        }
        // docs/protocol.md §8 Q9: a chunk without Duration counts as 5 s
        long durationNanos = seconds == null ? Duration.ofSeconds(5).toNanos()
                : seconds.movePointRight(9).min(BigDecimal.valueOf(Long.MAX_VALUE / 4)).longValue();
        Measurement m = engine.measurementFor(measurementId);
        if (m == null) {
            throw new Refusal(404, "INVALID_MEASUREMENT", "no such measurement");
        }
        EngineSettings s = engine.settings();
        synchronized (m) {
            MeasurementAction.Stage stage = action.stage();
            // §4.2: FIRST (re)starts; LAST may open a single-chunk measurement; CHUNK opens too (lenient, Q8)
            boolean opener = stage == MeasurementAction.Stage.FIRST || !m.started;
            if (!opener && m.closed) {
                // §4.5, Q19: closed after LAST until a new FIRST
                throw new Refusal(400, "MEASUREMENT_CLOSED", "the measurement is closed; start again with FIRST");
            }
            int expected = opener ? 0 : m.nextOrder;
            if (order != null && order != expected) {
                throw new Refusal(400, "MISALIGNED_CHUNK", "expected ChunkOrder " + expected + ", got " + order);
            }
            checkPayload((String) payload);
            long total = (opener ? 0 : m.totalNanos) + durationNanos;
            if (total > s.maxMeasurementDuration().toNanos()) {
                // §4.3, Q10 (revised): a chunk past the cap is refused as MEASUREMENT_CLOSED; it changes nothing
                throw new Refusal(400, "MEASUREMENT_CLOSED", "the measurement would exceed "
                        + s.maxMeasurementDuration().toSeconds() + " s: start a new measurement");
            }
            Instant now = engine.clock().instant();
            if (s.rateLimit() && !opener) {
                // §4.3, Q9: chunk time may run ahead of real time since the opener by at most the allowance
                long elapsed = Duration.between(m.start, now).toNanos();
                if (total - elapsed > s.rateAllowance().toNanos()) {
                    throw new Refusal(429, "RATE_LIMIT", "chunks are arriving faster than real time");
                }
            }
            if (opener) {
                m.restart(now);
            }
            m.accept(expected, durationNanos, stage == MeasurementAction.Stage.LAST);
            m.updated = now;
            // §4.4, Q16: the ack's ID is <measurementId>:<order>
            Map<String, Object> ack = new LinkedHashMap<>();
            ack.put("ID", m.id + ":" + expected);
            ack.put("ChunkOrder", expected);
            send(frame.requestId(), frame.actionId(), 200, ack);
            if (action.producesResult()) {
                // §5.2, Q7, Q17: one result per PROCESS chunk, after its ack, to every subscription
                engine.publishResult(m, expected, stage == MeasurementAction.Stage.LAST);
            }
        }
    }

    /**
     * The fake's payload "validation" (docs/protocol.md §4.5 UNPACKER_RPC_ERROR): the payload must be non-empty, valid
     * standard base64 of at least one byte. The bytes themselves are never inspected.
     */
    private static void checkPayload(String payload) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw unpacker("Payload is not valid base64");
        }
        if (bytes.length == 0) {
            throw unpacker("Payload is empty");
        }
    }

    private static Refusal unpacker(String why) {
        return new Refusal(400, "UNPACKER_RPC_ERROR", why);
    }

    // ---- sending ----

    private void sendError(RequestFrame frame, Refusal r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Code", r.code());
        body.put("Message", r.getMessage());
        if ("UNPACKER_RPC_ERROR".equals(r.code())) {
            body.put("Errors", Map.of("Payload", Map.of("msgs", List.of(r.getMessage()))));
        }
        send(frame.requestId(), frame.actionId(), r.status(), body);
    }

    /**
     * Sends one response frame, always BINARY (docs/protocol.md §2.2), unless the connection is closing.
     *
     * @param requestId where it goes
     * @param action the action it answers, for the record
     * @param status the status
     * @param body the body
     */
    void send(RequestId requestId, ActionId action, int status, Map<String, ?> body) {
        sendBody(requestId, action, status, engine.settings().codec().encode(body, 0));
    }

    /** Sends a JSON array body (the codec port encodes objects only), each element through the codec. */
    private void sendArray(RequestId requestId, ActionId action, int status, List<Map<String, Object>> elements) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            ByteBuffer e = engine.settings().codec().encode(elements.get(i), 0);
            byte[] b = new byte[e.remaining()];
            e.get(b);
            out.write(b, 0, b.length);
        }
        out.write(']');
        sendBody(requestId, action, status, ByteBuffer.wrap(out.toByteArray()));
    }

    private void sendBody(RequestId requestId, ActionId action, int status, ByteBuffer body) {
        if (closing || closed) {
            return;
        }
        ByteBuffer frame = FrameCodec.encodeResponse(requestId, status, body);
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        RecordedFrame rec = new RecordedFrame(id, RecordedFrame.Direction.SENT, RecordedFrame.Opcode.BINARY, bytes,
                action, requestId, status, engine.clock().instant());
        if (LOG.isLoggable(System.Logger.Level.TRACE)) {
            LOG.log(System.Logger.Level.TRACE, "connection " + id + " sending " + rec);
        }
        engine.recorder().sent(rec);
        peer.sendBinary(frame);
    }
}
