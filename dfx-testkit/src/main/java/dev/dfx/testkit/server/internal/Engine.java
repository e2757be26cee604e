package dev.dfx.testkit.server.internal;

import dev.dfx.core.ActionId;
import dev.dfx.core.port.Scheduler;
import dev.dfx.testkit.server.Fault;
import dev.dfx.testkit.server.MeasurementState;
import dev.dfx.testkit.server.Recording;
import dev.dfx.testkit.server.ResultScript;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fake server's protocol engine: handshakes, connections, measurements, results, faults, recording. One engine
 * serves every front end. Thread-safe.
 */
public final class Engine {
    /** The {@code Version} of the 0100 status body. */
    public static final String VERSION = "fake-dfx-1";
    /** The {@code Region} of the 0100 status body. */
    public static final String REGION = "fake-local";

    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    private final EngineSettings settings;
    private final Scheduler scheduler;
    private final FaultBook faults = new FaultBook();
    private final Recorder recorder;
    private final Map<String, Measurement> measurements = new ConcurrentHashMap<>();
    private final Set<FakeConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicLong measurementSequence = new AtomicLong();
    /** Measurements visited to end subscriptions (close, reused RequestID); read by tests through a hook. */
    private final LongAdder subscriptionVisits = new LongAdder();
    private final Accounts accounts;
    private final Map<String, ResultScript> scripts = new ConcurrentHashMap<>();
    private volatile boolean shutDown;

    /**
     * @param settings the configuration
     * @param scheduler runs every timer (result delays, heartbeat, slow acks)
     */
    public Engine(EngineSettings settings, Scheduler scheduler) {
        this(settings, scheduler, Recording.everything());
    }

    /**
     * @param settings the configuration
     * @param scheduler runs every timer (result delays, heartbeat, slow acks)
     * @param recording how much of the traffic the recorder keeps
     */
    public Engine(EngineSettings settings, Scheduler scheduler, Recording recording) {
        this.recorder = new Recorder(Objects.requireNonNull(recording, "recording"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.accounts = new Accounts(settings.accounts(), settings.tokens(), settings.clock(), settings.codec());
        for (String id : settings.measurements()) {
            addMeasurement(id);
        }
    }

    /** @return the configuration */
    public EngineSettings settings() {
        return settings;
    }

    /** @return the timer seam */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** @return the clock */
    public InstantSource clock() {
        return settings.clock();
    }

    /** @return the armed faults */
    public FaultBook faults() {
        return faults;
    }

    /** @return licences, users and tokens */
    Accounts accounts() {
        return accounts;
    }

    /**
     * @param licenseKey a licence key
     * @return how many times it was registered with {@code 0705}
     */
    public int registrations(String licenseKey) {
        return accounts.registrations(Objects.requireNonNull(licenseKey, "licenseKey"));
    }

    /** @return the frame recorder */
    public Recorder recorder() {
        return recorder;
    }

    /**
     * Decides an upgrade: faults first, then docs/protocol.md §8 Q14 (offered subprotocols must include {@code json}).
     *
     * @param request the upgrade request
     * @return the decision
     */
    public HandshakeDecision handshake(HandshakeRequest request) {
        Objects.requireNonNull(request, "request");
        if (shutDown) {
            return HandshakeDecision.reject(503);
        }
        if (faults.take(Fault.STALL, null).isPresent()) {
            return HandshakeDecision.stall();
        }
        var reject = faults.take(Fault.REJECT_HANDSHAKE, null);
        if (reject.isPresent()) {
            return HandshakeDecision.reject(reject.get().status());
        }
        if (faults.take(Fault.NO_SUBPROTOCOL, null).isPresent()) {
            return HandshakeDecision.accept(null);
        }
        String wanted = settings.codec().subprotocol();
        if (!request.subprotocols().contains(wanted)) {
            return HandshakeDecision.reject(400);
        }
        return HandshakeDecision.accept(wanted);
    }

    /**
     * Accepts a connection; a valid {@code Authorization: Bearer} header authenticates it (docs/protocol.md §1.3 B).
     *
     * @param request the upgrade request
     * @param peer the way back to the client
     * @return the connection
     */
    public ServerConnection accept(HandshakeRequest request, PeerChannel peer) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(peer, "peer");
        FakeConnection c = new FakeConnection(connectionIds.incrementAndGet(), this, peer, headerLogin(request));
        open.add(c);
        if (shutDown) {
            c.closeBy(1001, "server closing");
            return c;
        }
        c.startHeartbeat();
        LOG.log(System.Logger.Level.DEBUG, () -> "accepted connection " + c.id() + " from "
                + request.remoteAddress());
        return c;
    }

    /** @return the login of a valid, unexpired {@code Authorization: Bearer} token, or null (docs/protocol.md §1.3 B) */
    private Accounts.Login headerLogin(HandshakeRequest request) {
        String h = request.header("authorization");
        if (h == null || h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        try {
            return accounts.check(h.substring(7).trim());
        } catch (Refusal r) {
            return null;
        }
    }

    /** @return connections accepted since start */
    public int connectionCount() {
        return (int) connectionIds.get();
    }

    /** @return connections not yet closed */
    public int openConnectionCount() {
        return open.size();
    }

    /** @return a new known measurement id (a random UUID) */
    public String createMeasurement() {
        return createMeasurement(null, 0);
    }

    /**
     * @param studyId its study, or null
     * @param resolution 0 or 100
     * @return a new known measurement id (a random UUID)
     */
    String createMeasurement(String studyId, int resolution) {
        String id = UUID.randomUUID().toString();
        measurements.computeIfAbsent(id, k -> newMeasurement(k, studyId, resolution));
        return id;
    }

    /** @param id a measurement id to make known; no effect if it is */
    public void addMeasurement(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        measurements.computeIfAbsent(id, k -> newMeasurement(k, null, 0));
    }

    private Measurement newMeasurement(String id, String studyId, int resolution) {
        return new Measurement(id, studyId, resolution, settings.clock().instant(),
                measurementSequence.incrementAndGet());
    }

    /** @return the measurement, created if any id is accepted, or null if unknown */
    Measurement measurementFor(String id) {
        if (settings.acceptAnyMeasurement()) {
            return measurements.computeIfAbsent(id, k -> newMeasurement(k, null, 0));
        }
        return measurements.get(id);
    }

    /** @return every known measurement, newest first (docs/protocol.md §3.3 {@code 0501}) */
    List<Measurement> measurementsNewestFirst() {
        List<Measurement> all = new ArrayList<>(measurements.values());
        all.sort((a, b) -> Long.compare(b.sequence, a.sequence));
        return all;
    }

    /**
     * @param id a measurement id
     * @return its state, or empty if unknown
     */
    public Optional<MeasurementState> measurement(String id) {
        Measurement m = measurements.get(Objects.requireNonNull(id, "id"));
        return m == null ? Optional.empty() : Optional.of(m.snapshot());
    }

    /**
     * Arms a result script (docs/protocol.md §5.3); it applies to every result of that chunk until cleared.
     *
     * @param measurementId the measurement, or null for every measurement
     * @param chunkOrder the chunk whose result it bends, 0 or more
     * @param script the script
     */
    public void scriptResult(String measurementId, int chunkOrder, ResultScript script) {
        if (chunkOrder < 0) {
            throw new IllegalArgumentException("chunkOrder must be 0 or more, got " + chunkOrder);
        }
        scripts.put((measurementId == null ? "*" : measurementId) + ":" + chunkOrder,
                Objects.requireNonNull(script, "script"));
    }

    /** Disarms every result script. */
    public void clearResultScripts() {
        scripts.clear();
    }

    private ResultScript scriptFor(String measurementId, int order) {
        ResultScript s = scripts.get(measurementId + ":" + order);
        return s != null ? s : scripts.get("*:" + order);
    }

    /**
     * Ends every earlier subscription of a connection on a target id (docs/protocol.md §8 Q5, Q19): a reused RequestID is
     * never refused; it names the new subscription from now on.
     */
    void releaseTarget(FakeConnection c, dev.dfx.core.RequestId target) {
        // only the measurements this connection subscribed to: O(its subscriptions), not O(every measurement)
        for (Measurement m : c.subscribedMeasurements()) {
            subscriptionVisits.increment();
            synchronized (m) {
                m.subscriptions.removeIf(s -> s.connection() == c && s.target().equals(target));
                c.forgetIfUnsubscribed(m);
            }
        }
    }

    /** Sends one chunk's result to every subscription; the caller holds the measurement's monitor. */
    void publishResult(Measurement m, int order, boolean last) {
        List<Measurement.Subscription> subs = new ArrayList<>(m.subscriptions);
        if (last) {
            m.lastProcessed = true;
        }
        if (subs.isEmpty() && !last) {
            return;
        }
        Map<String, Object> body = SyntheticResults.result(m.id, order, last, m.resolution, scriptFor(m.id, order));
        if (settings.resultDelay().isZero()) {
            produced(m, last);
            deliver(m, subs, body);
        } else {
            // one scheduler thread, equal delays: results leave in the order they were scheduled (chunk order)
            scheduler.schedule(settings.resultDelay(), () -> {
                synchronized (m) {
                    produced(m, last);
                    deliver(m, subs, body);
                }
            });
        }
    }

    /** The final result now exists server-side: 0500 serves it as COMPLETE from here on (docs/protocol.md §5.4). */
    private static void produced(Measurement m, boolean last) {
        if (last && m.lastProcessed) {
            m.finalReady = true;
        }
    }

    private static void deliver(Measurement m, List<Measurement.Subscription> subs, Map<String, Object> body) {
        for (Measurement.Subscription s : subs) {
            if (s.connection().isOpen()) {
                s.connection().send(s.target(), ActionId.MEASUREMENTS_SUBSCRIBE, 200, body);
                m.resultsSent++;
            }
        }
    }

    /**
     * Removes a connection's subscriptions and stops it from subscribing again. Visits only the measurements the
     * connection subscribed to (a close must not cost O(every measurement ever seen) under their monitors).
     */
    void unsubscribe(FakeConnection c) {
        for (Measurement m : c.detachSubscriptions()) {
            subscriptionVisits.increment();
            synchronized (m) {
                m.subscriptions.removeIf(s -> s.connection() == c);
            }
        }
    }

    /** @return measurements visited so far to end subscriptions (test hook for the cost of a close) */
    long subscriptionVisits() {
        return subscriptionVisits.sum();
    }

    void connectionClosed(FakeConnection c) {
        open.remove(c);
        unsubscribe(c);
    }

    /**
     * Starts a close handshake on every open connection.
     *
     * @param code close code
     * @param reason reason
     */
    public void closeConnections(int code, String reason) {
        for (FakeConnection c : List.copyOf(open)) {
            c.closeBy(code, reason);
        }
    }

    /** Refuses new connections and closes the open ones with 1001. Idempotent. */
    public void shutdown() {
        shutDown = true;
        closeConnections(1001, "server closing");
    }
}
