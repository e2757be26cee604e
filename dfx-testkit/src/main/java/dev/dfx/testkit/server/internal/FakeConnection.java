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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One accepted client connection. Frames are recorded on arrival and queued; one at a time, in arrival order, the
 * engine takes a frame, applies faults and processes it (docs/protocol.md §2.3). Processing runs on the thread that
 * delivered the frame, or on the scheduler after a SLOW_ACK delay; frames arriving meanwhile wait. Thread-safe.
 */
public final class FakeConnection implements ServerConnection {
    private static final System.Logger LOG = System.getLogger(FakeConnection.class.getName());
    private static final ByteBuffer PING_PAYLOAD =
            ByteBuffer.wrap("fake-dfx-ping".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    private final long id;
    private final Engine engine;
    private final PeerChannel peer;
    private final Object lock = new Object();
    private final ArrayDeque<RecordedFrame> queue = new ArrayDeque<>();
    private boolean busy;
    private volatile boolean authenticated;
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile Instant lastHeard;
    private Scheduler.Cancellable pingTask;
    private Scheduler.Cancellable idleTask;

    FakeConnection(long id, Engine engine, PeerChannel peer, boolean headerAuthenticated) {
        this.id = id;
        this.engine = engine;
        this.peer = peer;
        this.authenticated = headerAuthenticated;
        this.lastHeard = engine.clock().instant();
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
            if (action.equals(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN)) {
                login(frame, body);
                return;
            }
            if (!authenticated) {
                // docs/protocol.md §8 Q2: every request before a login (and without header auth) gets 401
                throw new Refusal(401, "UNAUTHORIZED", "log in first: send 0718 or an Authorization header");
            }
            switch (action.code()) {
                case "0100":
                    send(frame.requestId(), action, 200, status());
                    break;
                case "0504":
                    Map<String, Object> created = new LinkedHashMap<>();
                    created.put("ID", engine.createMeasurement());
                    send(frame.requestId(), action, 200, created);
                    break;
                case "0500":
                    retrieve(frame, body);
                    break;
                case "0510":
                    subscribe(frame, body);
                    break;
                case "0506":
                    addData(frame, body);
                    break;
                default:
                    // docs/protocol.md §8 Q12/Q13: listed-but-unimplemented and unknown ids alike
                    throw new Refusal(404, "NOT_FOUND", "action " + action.code() + " is not served by this server");
            }
        } catch (Refusal r) {
            sendError(frame, r);
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

    private void login(RequestFrame frame, Map<?, ?> body) {
        Object token = body.get("Token");
        if (token instanceof String && engine.settings().tokens().contains(token)) {
            authenticated = true;
            // docs/protocol.md §1.3 A [FAKE]: success is 200 {}
            send(frame.requestId(), frame.actionId(), 200, Map.of());
            return;
        }
        // docs/protocol.md §1.3 A, §8 Q1: 401 INVALID_TOKEN, socket stays open; an earlier login stays valid
        throw new Refusal(401, "INVALID_TOKEN", "the token is not valid");
    }

    private static Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("StatusID", "ACTIVE");
        s.put("Version", Engine.VERSION);
        s.put("Region", Engine.REGION);
        s.put("AllowAnonymous", false);
        return s;
    }

    private void subscribe(RequestFrame frame, Map<?, ?> body) {
        String measurementId = Bodies.paramsId(body);
        RequestId target = resultTarget(frame, body.get("RequestID"));
        Measurement m = engine.measurementFor(measurementId);
        if (m == null) {
            throw new Refusal(404, "INVALID_MEASUREMENT", "no such measurement");
        }
        synchronized (m) {
            if (closing || closed) {
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
                record = SyntheticResults.retrieved(m.id, "CAPTURING", -1);
            } else if (!m.lastProcessed) {
                record = SyntheticResults.retrieved(m.id, "COMPLETE", -1);
            } else if (!m.finalReady) {
                record = SyntheticResults.retrieved(m.id, "PROCESSING", -1);
            } else {
                record = SyntheticResults.retrieved(m.id, "COMPLETE", m.nextOrder - 1);
            }
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
                // §4.3, Q10
                throw new Refusal(400, "MEASUREMENT_TOO_LONG", "the measurement would exceed "
                        + s.maxMeasurementDuration().toSeconds() + " s");
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
        if (closing || closed) {
            return;
        }
        ByteBuffer frame = FrameCodec.encodeResponse(requestId, status, engine.settings().codec().encode(body, 0));
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
