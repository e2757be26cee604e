package dev.dfx.core.internal;

import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementAction;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.RequestId;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SignalChannel;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxMeasurementClosedException;
import dev.dfx.core.error.DfxMisalignedChunkException;
import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.error.DfxRateLimitException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.measurement.ChunkSequencer;
import dev.dfx.core.measurement.RateLimiter;
import dev.dfx.core.port.Scheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One measurement stream (docs/protocol.md §4-§5), driven by a {@link ChunkSequencer} and a {@link RateLimiter}. All
 * state is touched on the engine's serial executor, except the queued-chunk counter of {@link #send}, which has its
 * own lock so that an over-long measurement fails at once on the caller's thread.
 *
 * <p><b>Resume after a reconnect (docs/protocol.md §6.3, "Socket closed mid-measurement": reconnect, re-auth, re-subscribe
 * with a new RequestID, resend the first un-acked chunk).</b> When the connection drops, the engine calls
 * {@link #onConnectionLost()}: the chunk in flight (if any) goes back to the head of the queue
 * ({@link ChunkSequencer#retry()}) and becomes the <i>probe</i>. Once the engine is READY again the stream subscribes
 * under a new request id and then resends the probe with the same ChunkOrder {@code k}. The server's answer tells
 * whether the lost request reached it:
 * <ul>
 *   <li>an ack: it had not; the chunk is acked now, once;</li>
 *   <li>{@code MISALIGNED_CHUNK}: it already holds chunk {@code k}. Chunk {@code k-1} was acked, so the server
 *       expected {@code k} or, if the lost request was stored, {@code k+1}; ChunkOrder {@code k} is the only one it
 *       could not have expected only in the second case. So the stream takes {@code k} as acknowledged
 *       ({@link ChunkSequencer#assumeAcknowledged()}, its ack ID is {@code "assumed"}) and goes on with {@code k+1}.
 *       §6.3 says "start over" for this answer because resume support is unknown; the reasoning above is why it is
 *       safe to go on instead;</li>
 *   <li>{@code MEASUREMENT_CLOSED} for a resent LAST: the LAST was accepted (only LAST closes a measurement, §4.5),
 *       so the stream treats it as acked and waits for the final result;</li>
 *   <li>a FIRST resent after the server stored it restarts the measurement at chunk 0 (§4.2), which is the same
 *       state, so it is simply acked.</li>
 * </ul>
 * Results the server pushed while no subscription was live are lost: none is invented. Completion still follows
 * §5.5: a final result with {@code StatusID} (or for the LAST chunk) after the LAST ack.
 *
 * <p><b>Retrieve fallback (docs/protocol.md §5.5: "apply a timeout ... and fall back to REST Retrieve"; §6.3).</b> A final
 * result pushed while the connection was down is gone from the stream, but the server still stores it. So once a
 * resumed stream knows its LAST was accepted (its resent LAST met {@code MEASUREMENT_CLOSED}, or it re-subscribed
 * after the LAST ack) and no completing result came, it asks {@code 0500} Measurements.Retrieve for the measurement;
 * and it asks again when the result timeout fires. An answer with {@code StatusID} {@code COMPLETE} or {@code ERROR}
 * completes the stream with that stored record turned into a {@link MeasurementResult} (§5.4 shape → §5.3 shape, see
 * {@link #fromRetrieved}): this is retrieval of what the server stored, not an invented result. Any other status
 * after the early ask just leaves the stream waiting; at the result timeout, any other status or a failed ask (e.g.
 * {@code 404 NOT_FOUND} from a server that does not offer 0500 over WebSocket, §8 Q12) fails the stream with the
 * {@link DfxTimeoutException}, the retrieve failure attached as suppressed. A stream that never lost its connection
 * fails at the result timeout as before: nothing was lost in a gap. A {@code 5xx} answer to a
 * chunk or to the subscription is retried the same way (at most {@value #MAX_SERVER_RETRIES} times, with the reconnect
 * policy's backoff, §6.3), a resent chunk again being a probe, since a {@code 5xx} does not say whether it was stored.
 */
final class MeasurementSession implements MeasurementStream {
    private static final System.Logger LOG = System.getLogger(MeasurementSession.class.getName());
    /** docs/protocol.md §5.3: an unrecoverable backend failure; completes the stream (§5.5 (d)). */
    static final String WORKER_ERROR = "WORKER_ERROR";
    /** docs/protocol.md §6.3: retry a {@code 5xx} answer at most this many times. */
    static final int MAX_SERVER_RETRIES = 3;
    /** The ack ID of a chunk the server proved it holds when the real ack was lost with the connection. */
    static final String ASSUMED_ACK_ID = "assumed";
    /** docs/protocol.md §5.4: a stored record's final statuses. */
    static final String STATUS_COMPLETE = "COMPLETE";
    static final String STATUS_ERROR = "ERROR";
    /** The least wait before resending a chunk of zero duration refused with RATE_LIMIT. */
    static final Duration MIN_RATE_LIMIT_WAIT = Duration.ofSeconds(1);

    private final ClientEngine engine;
    private final String measurementId;
    private final int chunkCount;
    private volatile RequestId subscriptionId;
    private final MeasurementOptions options;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final CompletableFuture<MeasurementSummary> completion = new CompletableFuture<>();
    private final ReplayPublisher<MeasurementResult> publisher;

    private final Object sendLock = new Object();
    private int queuedCount; // guarded by sendLock

    // ---- serial-executor state ----
    private final ChunkSequencer sequencer;
    private final RateLimiter limiter;
    private final PriorityQueue<QueuedChunk> queue = new PriorityQueue<>(Comparator.comparingInt(q -> q.index));
    private final List<MeasurementResult> results = new ArrayList<>();
    private QueuedChunk inFlight;
    private boolean resend;
    private boolean acked;
    private boolean lastAcked;
    private boolean done;
    private Throwable failure;
    private MeasurementResult completingResult;
    private Scheduler.Cancellable ackTimer;
    private Scheduler.Cancellable pacingTimer;
    private Scheduler.Cancellable retryTimer;
    private Scheduler.Cancellable resultTimer;
    private Scheduler.Cancellable subscribeTimer;
    /** Index of the chunk resent after a lost or {@code 5xx} answer, whose fate the server's answer tells; or -1. */
    private int probeIndex = -1;
    private int chunkServerRetries;
    /** RATE_LIMIT refusals of the current chunk in a row, and when the first came (ticker), issue 12. */
    private int rateLimitRefusals;
    private long rateLimitSinceNanos;
    /** Set by the first RATE_LIMIT: from then on the stream is paced to real time with no burst, whatever the options. */
    private boolean rateLimited;
    /** Re-logins for the chunk in flight after {@code 401 TOKEN_EXPIRED} (at most one per chunk, issue 11). */
    private int chunkTokenRetries;
    private int subscribeServerRetries;
    /** True once the connection dropped under this stream: a final result may have been lost in the gap (§6.3). */
    private boolean resumed;
    /** A {@code 0500} Retrieve is in flight (§5.5 fallback). */
    private boolean retrieving;
    /** The result timeout that fired while a Retrieve was in flight: its answer decides, then this is the failure. */
    private DfxTimeoutException retrieveTimeout;

    MeasurementSession(ClientEngine engine, String measurementId, int chunkCount, RequestId subscriptionId,
                       MeasurementOptions options) {
        this.engine = engine;
        this.measurementId = measurementId;
        this.chunkCount = chunkCount;
        this.subscriptionId = subscriptionId;
        this.options = options;
        this.sequencer = new ChunkSequencer(chunkCount);
        this.limiter = new RateLimiter(engine.ticker(), options.pacingBurst());
        this.publisher = new ReplayPublisher<>(engine.serial());
    }

    @Override
    public String measurementId() {
        return measurementId;
    }

    @Override
    public int chunkCount() {
        return chunkCount;
    }

    @Override
    public RequestId subscriptionId() {
        return subscriptionId;
    }

    @Override
    public CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    @Override
    public CompletableFuture<MeasurementSummary> completion() {
        return completion;
    }

    @Override
    public Flow.Publisher<MeasurementResult> results() {
        return publisher;
    }

    @Override
    public CompletableFuture<ChunkAck> send(Chunk chunk) {
        Objects.requireNonNull(chunk, "chunk");
        CompletableFuture<ChunkAck> result = new CompletableFuture<>();
        int index;
        synchronized (sendLock) {
            if (queuedCount >= chunkCount) {
                throw new IllegalStateException("measurement " + measurementId + " takes " + chunkCount
                        + " chunk(s) and all were already sent");
            }
            index = queuedCount++;
        }
        // Racing callers may reach the serial executor out of index order; the queue is ordered by index.
        QueuedChunk q = new QueuedChunk(index, chunk, result);
        engine.execute(() -> enqueue(q));
        return result;
    }

    @Override
    public void cancel() {
        engine.execute(() -> fail(new CancellationException("measurement " + measurementId + " cancelled")));
    }

    @Override
    public String toString() {
        return "MeasurementStream[measurementId=" + measurementId + ", chunkCount=" + chunkCount
                + ", subscriptionId=" + subscriptionId.value() + "]";
    }

    // ---- serial executor from here on ----

    /** @param id the request id of the next subscribe (a new one after a reconnect, §6.3) */
    void setSubscriptionId(RequestId id) {
        this.subscriptionId = id;
    }

    /** @return true once the stream completed or failed */
    boolean isEnded() {
        return done;
    }

    void setRetryTimer(Scheduler.Cancellable timer) {
        subscribeTimer = timer;
    }

    void clearRetryTimer() {
        subscribeTimer = null;
    }

    /**
     * The connection dropped and the engine will reconnect (docs/protocol.md §6.3). The in-flight chunk, whose answer is
     * lost, goes back to the head of the queue and becomes the probe; nothing is sent until the new subscription is
     * acked. Pacing and RATE_LIMIT waits keep running; the result timeout after a LAST ack keeps running too.
     */
    void onConnectionLost() {
        if (done) {
            return;
        }
        acked = false;
        resumed = true;
        ClientEngine.cancel(ackTimer);
        if (inFlight != null) {
            requeueInFlight(inFlight);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "measurement " + measurementId + " waits for the reconnect; "
                + sequencer.ackedCount() + " chunk(s) acked");
    }

    private void requeueInFlight(QueuedChunk q) {
        sequencer.retry();
        inFlight = null;
        queue.add(q);
        resend = true; // its chunk-seconds were counted when it first went (§4.3)
        probeIndex = q.index;
    }

    /** The subscribe frame went out: the ack must come within the request timeout. */
    void onSubscribeSent(Duration timeout) {
        ackTimer = engine.schedule(timeout, () -> {
            if (!acked) {
                fail(new DfxTimeoutException("subscribe to measurement " + measurementId, timeout));
            }
        });
    }

    /** A message on the subscription id: the ack (the first empty {@code {}} 200), a result, or an error (§5.2). */
    void onSubscriptionMessage(DfxMessage m) {
        if (done) {
            return;
        }
        if (m.isError()) {
            DfxServerException e = engine.serverError(m, ActionId.MEASUREMENTS_SUBSCRIBE);
            if (!acked && e.status() >= 500 && subscribeServerRetries < MAX_SERVER_RETRIES) {
                // docs/protocol.md §6.3: 5xx → retry with backoff (≤ 3); a new subscribe gets a new request id.
                subscribeServerRetries++;
                ClientEngine.cancel(ackTimer);
                Duration wait = engine.backoff(subscribeServerRetries);
                LOG.log(System.Logger.Level.WARNING, () -> "subscribe to measurement " + measurementId
                        + " answered " + e.status() + "; retry " + subscribeServerRetries + " in " + wait);
                engine.resubscribeAfter(this, wait);
                return;
            }
            fail(e);
            return;
        }
        if (m.status() != 200) {
            engine.reportError(new DfxProtocolException("unexpected status " + m.status() + " on subscription "
                    + subscriptionId.value()));
            return;
        }
        if (!acked) {
            boolean empty;
            try {
                empty = m.body().isEmpty();
            } catch (RuntimeException e) {
                empty = false;
            }
            markSubscribed();
            if (empty || done) {
                return;
            }
            // A non-empty first message: the server skipped the ack; take it as a result.
        }
        MeasurementResult r;
        try {
            r = m.bodyAs(MeasurementResult.class);
        } catch (RuntimeException e) {
            engine.reportError(new DfxProtocolException("result on subscription " + subscriptionId.value()
                    + " is not a measurement result: " + e.getMessage(), e));
            return;
        }
        results.add(r);
        publisher.publish(r);
        boolean workerError = WORKER_ERROR.equals(r.error().code());
        if (completingResult == null && (r.isFinal() || isLastChunkResult(r) || workerError)) {
            completingResult = r;
            // §5.5: (a)/(b) complete once the LAST ack is in; (d) WORKER_ERROR at once.
            if (lastAcked || workerError) {
                complete();
            }
        }
    }

    private boolean isLastChunkResult(MeasurementResult r) {
        OptionalInt order = r.chunkOrder();
        return order.isPresent() && order.getAsInt() == chunkCount - 1;
    }

    private void markSubscribed() {
        acked = true;
        ClientEngine.cancel(ackTimer);
        LOG.log(System.Logger.Level.DEBUG, () -> "subscribed to measurement " + measurementId + " on "
                + subscriptionId.value());
        subscribed.complete(null);
        if (resumed && lastAcked && completingResult == null) {
            // Re-subscribed after the LAST ack: the final result may have gone into the dead socket (§5.5, §6.3).
            retrieveFinal(null);
            return;
        }
        pump();
    }

    private void enqueue(QueuedChunk q) {
        if (done) {
            q.future.completeExceptionally(endedError());
            return;
        }
        queue.add(q);
        pump();
    }

    /** Sends the next chunk if it may go: subscribed, none in flight, no wait pending, real time allows it. */
    private void pump() {
        if (done || !acked || inFlight != null || queue.isEmpty() || pacingTimer != null || retryTimer != null) {
            return;
        }
        QueuedChunk q = queue.peek();
        if (q.index != sequencer.nextIndex()) {
            return; // an earlier chunk's send() has not reached the executor yet
        }
        Duration duration = q.chunk.duration();
        if (!resend && (options.realTimePacing() || rateLimited)) {
            Duration wait = limiter.delayFor(duration);
            if (!wait.isZero()) {
                LOG.log(System.Logger.Level.TRACE, () -> "chunk " + q.index + " paced: waiting " + wait);
                pacingTimer = engine.schedule(wait, () -> {
                    pacingTimer = null;
                    pump();
                });
                return;
            }
        }
        if (!engine.isReady()) {
            if (!engine.isReconnecting()) {
                fail(engine.notConnected());
            }
            return;
        }
        MeasurementAction action = sequencer.begin(q.chunk.mode());
        ByteBuffer frame;
        try {
            frame = engine.encode(new AddDataRequest(measurementId, action, q.chunk.payload(), q.index,
                    q.chunk.startTime(), q.chunk.endTime(), q.chunk.durationSeconds(), q.chunk.meta()));
        } catch (RuntimeException e) {
            sequencer.retry();
            fail(new DfxException("chunk " + q.index + " could not be encoded: " + e.getMessage(), e));
            return;
        }
        queue.poll();
        inFlight = q;
        if (!resend) {
            // A resend after RATE_LIMIT is the same chunk-seconds: count them once (§4.3).
            limiter.recordSent(duration);
        }
        resend = false;
        TokenManager tm = engine.tokenManager();
        q.sentWithToken = tm == null ? null : tm.currentToken();
        engine.request(ActionId.MEASUREMENTS_ADD_DATA, frame, engine.config().requestTimeout(),
                new ClientEngine.ResponseHandler() {
                    @Override
                    public void onResponse(DfxMessage m) {
                        onChunkResponse(q, m);
                    }

                    @Override
                    public void onFailure(RuntimeException e) {
                        onChunkFailure(q, e);
                    }
                }, () -> !done);
    }

    private void onChunkResponse(QueuedChunk q, DfxMessage m) {
        if (done) {
            // Completed (WORKER_ERROR) or failed while this chunk was in flight: just settle its future.
            if (m.status() == 200) {
                try {
                    q.future.complete(m.bodyAs(ChunkAck.class));
                } catch (RuntimeException e) {
                    q.future.completeExceptionally(endedError());
                }
            } else {
                q.future.completeExceptionally(engine.serverError(m, ActionId.MEASUREMENTS_ADD_DATA));
            }
            return;
        }
        inFlight = null;
        boolean probe = probeIndex == q.index;
        probeIndex = -1;
        if (m.isError()) {
            DfxServerException e = engine.serverError(m, ActionId.MEASUREMENTS_ADD_DATA);
            boolean last = q.index == chunkCount - 1;
            if (probe && (e instanceof DfxMisalignedChunkException
                    || (last && e instanceof DfxMeasurementClosedException))) {
                // docs/protocol.md §6.3 resume: the server already holds chunk k (see the class comment): MISALIGNED_CHUNK
                // means it expected k+1, MEASUREMENT_CLOSED on a resent LAST means the LAST was accepted.
                LOG.log(System.Logger.Level.INFO, () -> "chunk " + q.index + " of measurement " + measurementId
                        + " was already stored before the reconnect (" + e.code() + "); going on");
                acceptAck(q, new ChunkAck(ASSUMED_ACK_ID, q.index), sequencer.assumeAcknowledged());
                return;
            }
            if (e.status() >= 500 && chunkServerRetries < MAX_SERVER_RETRIES) {
                // docs/protocol.md §6.3: 5xx → retry the request with backoff (≤ 3). The chunk may have been stored
                // before the failure, so the resend is a probe.
                chunkServerRetries++;
                requeueInFlight(q);
                Duration wait = engine.backoff(chunkServerRetries);
                LOG.log(System.Logger.Level.WARNING, () -> "chunk " + q.index + " of measurement " + measurementId
                        + " answered " + e.status() + "; retry " + chunkServerRetries + " in " + wait);
                retryTimer = engine.schedule(wait, () -> {
                    retryTimer = null;
                    pump();
                });
                return;
            }
            if (e instanceof DfxAuthenticationException && ((DfxAuthenticationException) e).tokenExpired()
                    && engine.tokenManager() != null && chunkTokenRetries < 1) {
                // issue 11, docs/protocol.md §6.3: the token expired under the stream. Renew once, log the socket in again,
                // resend the same chunk (same ChunkOrder): it was refused, so nothing is lost or stored twice.
                chunkTokenRetries++;
                sequencer.retry();
                queue.add(q);
                resend = true;
                if (probe) {
                    probeIndex = q.index;
                }
                LOG.log(System.Logger.Level.INFO, () -> "chunk " + q.index + " of measurement " + measurementId
                        + " met an expired token; renewing and resending it");
                Scheduler.Cancellable paused = () -> { };
                retryTimer = paused; // holds pump() until the re-login is done
                engine.reauthenticate(q.sentWithToken).whenComplete((v, err) -> engine.execute(() -> {
                    if (retryTimer == paused) {
                        retryTimer = null;
                    }
                    if (done) {
                        return;
                    }
                    if (err != null) {
                        DfxException cause = ClientEngine.asDfx(err);
                        queue.remove(q);
                        q.future.completeExceptionally(cause);
                        fail(cause);
                    } else {
                        pump();
                    }
                }));
                return;
            }
            if (e instanceof DfxRateLimitException) {
                // docs/protocol.md §4.5: wait at least one chunk duration, resend the same chunk (same ChunkOrder).
                // Issue 12: bounded (attempts and a deadline on the ticker), each wait doubling, pacing slowed.
                long now = engine.ticker().nanoTime();
                if (rateLimitRefusals == 0) {
                    rateLimitSinceNanos = now;
                }
                rateLimitRefusals++;
                int refusals = rateLimitRefusals;
                Duration waited = Duration.ofNanos(now - rateLimitSinceNanos);
                Duration base = q.chunk.duration().isZero() ? MIN_RATE_LIMIT_WAIT : q.chunk.duration();
                Duration wait = base.multipliedBy(1L << Math.min(refusals - 1, 20));
                int maxRetries = engine.config().rateLimitRetries();
                Duration maxWait = engine.config().rateLimitMaxWait();
                if (refusals > maxRetries || waited.plus(wait).compareTo(maxWait) > 0) {
                    DfxRateLimitException bound = new DfxRateLimitException(e.status(), "chunk " + q.index
                            + " of measurement " + measurementId + " was refused with RATE_LIMIT " + refusals
                            + " time(s) over " + waited.toMillis() + " ms; giving up (rateLimitRetries " + maxRetries
                            + ", rateLimitMaxWait " + maxWait + ")", ActionId.MEASUREMENTS_ADD_DATA, e.requestId());
                    bound.addSuppressed(e);
                    LOG.log(System.Logger.Level.WARNING, bound::getMessage);
                    q.future.completeExceptionally(bound);
                    fail(bound);
                    return;
                }
                if (!rateLimited) {
                    rateLimited = true;
                    limiter.slowDown(); // no more running ahead of real time for this measurement
                }
                sequencer.retry();
                queue.add(q);
                resend = true;
                if (probe) {
                    probeIndex = q.index; // refused before it was looked at: its fate is still unknown
                }
                LOG.log(System.Logger.Level.WARNING, () -> "chunk " + q.index + " of measurement " + measurementId
                        + " hit RATE_LIMIT (" + refusals + "); resending in " + wait);
                retryTimer = engine.schedule(wait, () -> {
                    retryTimer = null;
                    pump();
                });
                return;
            }
            q.future.completeExceptionally(e);
            fail(e);
            return;
        }
        if (m.status() != 200) {
            DfxProtocolException e = new DfxProtocolException("chunk " + q.index + " answered with status "
                    + m.status());
            engine.reportError(e);
            q.future.completeExceptionally(e);
            fail(e);
            return;
        }
        ChunkAck ack;
        MeasurementAction ackedAction;
        try {
            ack = m.bodyAs(ChunkAck.class);
            ackedAction = sequencer.acknowledge(ack);
        } catch (RuntimeException e) {
            DfxProtocolException pe = e instanceof DfxProtocolException ? (DfxProtocolException) e
                    : new DfxProtocolException("bad ack for chunk " + q.index + ": " + e.getMessage(), e);
            engine.reportError(pe);
            q.future.completeExceptionally(pe);
            fail(pe);
            return;
        }
        acceptAck(q, ack, ackedAction);
    }

    /** Chunk {@code q} is acked (by the server, or assumed on resume): settle it, then LAST handling or the next. */
    private void acceptAck(QueuedChunk q, ChunkAck ack, MeasurementAction ackedAction) {
        chunkServerRetries = 0;
        rateLimitRefusals = 0;
        chunkTokenRetries = 0;
        engine.connectionHealthy(); // an acked chunk proves the connection (issue 12: backoff resets only then)
        q.future.complete(ack);
        if (done) {
            return; // a callback of that future cancelled the stream
        }
        if (ackedAction.stage() == MeasurementAction.Stage.LAST) {
            lastAcked = true;
            if (ackedAction.mode() == MeasurementAction.Mode.IGNORE || completingResult != null) {
                // §5.5: LAST::IGNORE completes on its ack; a completing result that came early completes now.
                complete();
            } else {
                Duration limit = options.resultTimeout();
                resultTimer = engine.schedule(limit, () -> onResultTimeout(new DfxTimeoutException(
                        "final result of measurement " + measurementId, limit)));
                if (resumed && ASSUMED_ACK_ID.equals(ack.id())) {
                    // A resume found the LAST already accepted: its final result may be lost (§5.5, §6.3).
                    retrieveFinal(null);
                }
            }
            return;
        }
        pump();
    }

    /** §5.5: no completing result within the result timeout. After a resume, ask the server's stored record first. */
    private void onResultTimeout(DfxTimeoutException timeout) {
        if (done) {
            return;
        }
        if (!resumed) {
            fail(timeout);
            return;
        }
        retrieveFinal(timeout);
    }

    /**
     * Sends {@code 0500} Measurements.Retrieve for this measurement (docs/protocol.md §3.3, §5.5 fallback) and completes the
     * stream from the stored record if it is final. Retrieval of what the server stored, not an invented result.
     *
     * @param timeout the result timeout that fired, or null for the early ask right after a resume
     */
    private void retrieveFinal(DfxTimeoutException timeout) {
        if (done) {
            return;
        }
        if (retrieving) {
            if (timeout != null) {
                retrieveTimeout = timeout; // the ask in flight decides
            }
            return;
        }
        retrieving = true;
        retrieveTimeout = timeout;
        ByteBuffer frame;
        try {
            frame = engine.encode(Map.of("Params", Map.of("ID", measurementId),
                    "Query", Map.of("ExpandResults", true)));
        } catch (RuntimeException e) {
            onRetrieveFailed(e);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "measurement " + measurementId + ": no final result after the "
                + "resume; asking 0500 Retrieve" + (timeout != null ? " at the result timeout" : ""));
        engine.request(ActionId.MEASUREMENTS_RETRIEVE, frame, engine.config().requestTimeout(),
                new ClientEngine.ResponseHandler() {
                    @Override
                    public void onResponse(DfxMessage m) {
                        onRetrieved(m);
                    }

                    @Override
                    public void onFailure(RuntimeException e) {
                        onRetrieveFailed(e);
                    }
                });
    }

    private void onRetrieved(DfxMessage m) {
        retrieving = false;
        if (done) {
            return;
        }
        if (m.isError()) {
            onRetrieveFailed(engine.serverError(m, ActionId.MEASUREMENTS_RETRIEVE));
            return;
        }
        MeasurementResult r;
        try {
            r = fromRetrieved(measurementId, chunkCount - 1, m.bodyAs(Map.class));
        } catch (RuntimeException e) {
            onRetrieveFailed(new DfxProtocolException("0500 answer for measurement " + measurementId
                    + " is not a measurement record: " + e.getMessage(), e));
            return;
        }
        if (r == null) {
            onRetrieveFailed(new DfxException("0500 for measurement " + measurementId
                    + " found no final record yet"));
            return;
        }
        LOG.log(System.Logger.Level.INFO, () -> "measurement " + measurementId + ": final result retrieved with 0500 ("
                + r.statusId() + ") after it was lost with the connection");
        results.add(r);
        publisher.publish(r);
        completingResult = r;
        complete();
    }

    private void onRetrieveFailed(RuntimeException e) {
        retrieving = false;
        if (done) {
            return;
        }
        DfxTimeoutException timeout = retrieveTimeout;
        retrieveTimeout = null;
        if (timeout == null) {
            // The early ask: the result may still come on the stream, and the result timeout asks again.
            LOG.log(System.Logger.Level.DEBUG, () -> "measurement " + measurementId + ": early 0500 gave nothing ("
                    + e.getMessage() + "); waiting for the result");
            return;
        }
        timeout.addSuppressed(e);
        fail(timeout);
    }

    /**
     * Turns a stored record in the REST shape (docs/protocol.md §5.4: {@code {"StatusID", "Results":{pointId:[{"Data",
     * "Multiplier", "Notes"}]}}}) into a final result in the stream's shape (§5.3): each point becomes a
     * {@link SignalChannel} with an empty channel name (the record has none), from the point's last entry;
     * {@code MeasurementDataID} is {@code <id>:<lastChunkOrder>}.
     *
     * @return the result, or null unless {@code StatusID} is {@code COMPLETE} or {@code ERROR}
     */
    static MeasurementResult fromRetrieved(String measurementId, int lastChunkOrder, Map<?, ?> body) {
        Object status = body.get("StatusID");
        if (!STATUS_COMPLETE.equals(status) && !STATUS_ERROR.equals(status)) {
            return null;
        }
        Map<String, SignalChannel> channels = new LinkedHashMap<>();
        long multiplier = 0;
        Object results = body.get("Results");
        if (results instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) results).entrySet()) {
                if (!(e.getValue() instanceof List) || ((List<?>) e.getValue()).isEmpty()) {
                    continue;
                }
                List<?> entries = (List<?>) e.getValue();
                if (!(entries.get(entries.size() - 1) instanceof Map)) {
                    continue;
                }
                Map<?, ?> point = (Map<?, ?>) entries.get(entries.size() - 1);
                List<Long> data = new ArrayList<>();
                if (point.get("Data") instanceof List) {
                    for (Object v : (List<?>) point.get("Data")) {
                        if (v instanceof Number) {
                            data.add(((Number) v).longValue());
                        }
                    }
                }
                List<String> notes = new ArrayList<>();
                if (point.get("Notes") instanceof List) {
                    for (Object n : (List<?>) point.get("Notes")) {
                        if (n instanceof String) {
                            notes.add((String) n);
                        }
                    }
                }
                if (multiplier == 0 && point.get("Multiplier") instanceof Number) {
                    multiplier = ((Number) point.get("Multiplier")).longValue();
                }
                channels.put(String.valueOf(e.getKey()), new SignalChannel("", data, notes));
            }
        }
        return new MeasurementResult(measurementId, measurementId + ":" + lastChunkOrder, "", multiplier, channels,
                null, (String) status);
    }

    private void onChunkFailure(QueuedChunk q, RuntimeException e) {
        if (!done && inFlight != q) {
            return; // already put back by onConnectionLost(): a stale failure of the lost send
        }
        if (!done && inFlight == q && !(e instanceof DfxTimeoutException) && e instanceof DfxException
                && engine.connectionBroken((DfxException) e)) {
            // The send failed because the socket broke; the engine ended the connection and will reconnect, and
            // onConnectionLost() already put this chunk back as the probe (docs/protocol.md §6.3).
            return;
        }
        q.future.completeExceptionally(e);
        if (inFlight == q) {
            inFlight = null;
        }
        fail(e);
    }

    private void complete() {
        if (done) {
            return;
        }
        done = true;
        cancelTimers();
        DfxException unsent = endedError();
        for (QueuedChunk q : queue) {
            q.future.completeExceptionally(unsent);
        }
        queue.clear();
        engine.release(this);
        LOG.log(System.Logger.Level.DEBUG, () -> "measurement " + measurementId + " complete after "
                + sequencer.ackedCount() + " acked chunk(s), " + results.size() + " result(s)");
        subscribed.complete(null);
        completion.complete(new MeasurementSummary(measurementId, sequencer.ackedCount(), results,
                Optional.ofNullable(completingResult)));
        publisher.complete();
    }

    /** Fails the stream: every queued and in-flight chunk, the futures and the result subscribers. */
    void fail(Throwable error) {
        if (done) {
            return;
        }
        done = true;
        failure = error;
        cancelTimers();
        engine.release(this);
        LOG.log(System.Logger.Level.DEBUG, () -> "measurement " + measurementId + " failed: " + error);
        if (inFlight != null) {
            inFlight.future.completeExceptionally(error);
        }
        for (QueuedChunk q : queue) {
            q.future.completeExceptionally(error);
        }
        queue.clear();
        subscribed.completeExceptionally(error);
        completion.completeExceptionally(error);
        publisher.error(error);
    }

    private DfxException endedError() {
        if (failure instanceof DfxException) {
            return (DfxException) failure;
        }
        return new DfxException("measurement " + measurementId + (failure == null ? " already completed"
                : " ended: " + failure.getMessage()) + "; chunk not sent");
    }

    private void cancelTimers() {
        ClientEngine.cancel(ackTimer);
        ClientEngine.cancel(pacingTimer);
        ClientEngine.cancel(retryTimer);
        ClientEngine.cancel(resultTimer);
        ClientEngine.cancel(subscribeTimer);
    }

    private static final class QueuedChunk {
        final int index;
        final Chunk chunk;
        final CompletableFuture<ChunkAck> future;
        /** The token in use when this chunk last went out (null without a token manager); never logged. */
        String sentWithToken;

        QueuedChunk(int index, Chunk chunk, CompletableFuture<ChunkAck> future) {
            this.index = index;
            this.chunk = chunk;
            this.future = future;
        }
    }
}
