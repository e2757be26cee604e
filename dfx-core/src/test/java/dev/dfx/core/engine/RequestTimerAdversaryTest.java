package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.frame.RequestFrame;
import dev.dfx.core.port.Scheduler;
import dev.dfx.core.port.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, design change 2 (one request timer per connection, {@code RequestDeadlines}): the cases where the one
 * shared timer could behave unlike the two timers per request it replaced, driven on the manual clock. Each request
 * must fail with its timeout exactly at its own deadline (never early, never late, never twice), whatever happened
 * to the requests around it, the connection, or the ticker's range.
 */
class RequestTimerAdversaryTest {
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofMinutes(10));
    /** 100 ms, no growth, no jitter, 3 attempts. */
    private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(100), 2.0,
            Duration.ofSeconds(1), 0.0, 3);

    private static void assertTimedOut(CompletableFuture<?> f, Duration limit) {
        Throwable t = failure(f);
        assertThat(t).isInstanceOf(DfxTimeoutException.class);
        assertThat(((DfxTimeoutException) t).limit()).isEqualTo(limit);
    }

    /**
     * A chunk in flight when the connection drops is resent on the new connection: it gets a fresh 30 s deadline from
     * the resend. The old connection's deadline for it (and its armed timer) must not fire into the new connection,
     * and the resent chunk must still time out, once, at its own new deadline.
     */
    @Test
    void chunkResentAfterAReconnect_getsAFreshDeadline_theOldSessionsDeadlineNeverFires() {
        DfxClientConfig cfg = EngineFixture.config().reconnect(POLICY).build(); // heartbeat off, timeout 30 s
        try (EngineFixture fx = new EngineFixture(cfg)) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 3, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            List<Throwable> chunkFailures = new CopyOnWriteArrayList<>();
            CompletableFuture<ChunkAck> ack0 = m.send(Chunk.of("p0".getBytes(StandardCharsets.US_ASCII),
                    Duration.ofSeconds(5)));
            ack0.whenComplete((v, e) -> chunkFailures.add(e));
            assertThat(c1.frames("0506")).hasSize(1); // sent at t = 0: old deadline t = 30 s

            fx.time.advance(Duration.ofSeconds(20));
            c1.fail(new DfxConnectionClosedException(1006, "reset", true));
            fx.time.advance(Duration.ofMillis(100)); // t = 20.1 s: the retry
            ScriptedConnection c2 = fx.transport.last();
            assertThat(c2).isNotSameAs(c1);
            c2.respond(c2.lastFrame(), 200, "{}"); // login
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
            c2.respond(m.subscriptionId(), 200, "{}"); // the new subscription
            List<RequestFrame> resent = c2.frames("0506");
            assertThat(resent).hasSize(1); // resent at t = 20.1 s: new deadline t = 50.1 s
            assertThat(fx.body(resent.get(0), AddDataRequest.class).chunkOrder()).isZero();

            fx.time.advance(Duration.ofMillis(29_999)); // t = 50.099 s: well past the old deadline
            assertThat(ack0).isNotDone();
            assertThat(m.completion()).isNotDone();
            assertThat(chunkFailures).isEmpty();
            fx.time.advance(Duration.ofMillis(1)); // t = 50.1 s
            assertTimedOut(ack0, Duration.ofSeconds(30));
            fx.time.advance(Duration.ofMinutes(5));
            assertThat(chunkFailures).hasSize(1); // once
        }
    }

    /**
     * Plain requests pending at a drop fail with the close at once, and requests sent on the new connection time out
     * at their own deadlines, not at the old connection's armed time.
     */
    @Test
    void afterAReconnect_newRequestsTimeOutAtTheirOwnDeadlines_notAtTheOldConnectionsArmedTime() {
        DfxClientConfig cfg = EngineFixture.config().reconnect(POLICY).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            ScriptedConnection c1 = fx.connectReady();
            CompletableFuture<DfxMessage> old = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(2)); // the old connection's timer armed for t = 2 s
            c1.fail(new DfxConnectionClosedException(1006, "reset", true));
            assertThat(failure(old)).isInstanceOf(DfxConnectionClosedException.class);
            fx.time.advance(Duration.ofMillis(100));
            ScriptedConnection c2 = fx.transport.last();
            c2.respond(c2.lastFrame(), 200, "{}");
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
            CompletableFuture<DfxMessage> fresh = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(5)); // t = 0.1 s: deadline 5.1 s
            fx.time.advance(Duration.ofMillis(4999));
            assertThat(fresh).isNotDone();
            fx.time.advance(Duration.ofMillis(1));
            assertTimedOut(fresh, Duration.ofSeconds(5));
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
        }
    }

    /**
     * A shorter timeout after a longer one re-arms the timer earlier; once the short request is answered the timer
     * fires at the short deadline with nothing due, and must re-arm for the long one: not early, not never.
     */
    @Test
    void shortRequestAnsweredAfterLongOnes_theLongOnesStillTimeOutAtTheirOwnTime() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> long1 = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(30));
            fx.time.advance(Duration.ofMillis(200));
            CompletableFuture<DfxMessage> long2 = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(30)); // deadline 30.2 s
            CompletableFuture<DfxMessage> shortOne = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(1)); // deadline 1.2 s
            RequestFrame shortFrame = c.lastFrame();
            fx.time.advance(Duration.ofMillis(300));
            c.respond(shortFrame, 200, "{}");
            assertThat(shortOne).isCompleted();
            fx.time.advance(Duration.ofMillis(29_499)); // t = 29.999 s
            assertThat(long1).isNotDone();
            assertThat(long2).isNotDone();
            fx.time.advance(Duration.ofMillis(1)); // t = 30 s
            assertTimedOut(long1, Duration.ofSeconds(30));
            assertThat(long2).isNotDone();
            fx.time.advance(Duration.ofMillis(199));
            assertThat(long2).isNotDone();
            fx.time.advance(Duration.ofMillis(1)); // t = 30.2 s
            assertTimedOut(long2, Duration.ofSeconds(30));
            assertThat(fx.errors).isEmpty();
        }
    }

    /**
     * A user callback on a timed-out request sends another request with a shorter timeout than any pending one (a
     * retry chain). It is sent right after the timer's run (the serial executor never re-enters), while the timer is
     * armed for a later deadline; the new request must still time out at its own deadline, and a second retry from
     * its callback as well.
     */
    @Test
    void retryFromATimeoutCallback_withAShorterTimeout_timesOutAtItsOwnDeadline() {
        try (EngineFixture fx = new EngineFixture()) {
            fx.connectReady();
            CompletableFuture<DfxMessage> longOne = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(60));
            List<CompletableFuture<DfxMessage>> retries = new CopyOnWriteArrayList<>();
            CompletableFuture<DfxMessage> first = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(10));
            first.whenComplete((v, e) -> {
                CompletableFuture<DfxMessage> r1 = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                        Duration.ofSeconds(1));
                retries.add(r1);
                r1.whenComplete((v2, e2) -> retries.add(fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                        Duration.ofNanos(1))));
            });
            fx.time.advance(Duration.ofSeconds(10));
            assertTimedOut(first, Duration.ofSeconds(10));
            assertThat(retries).hasSize(1);
            fx.time.advance(Duration.ofMillis(999)); // t = 10.999 s
            assertThat(retries.get(0)).isNotDone();
            fx.time.advance(Duration.ofMillis(1)); // t = 11 s
            assertTimedOut(retries.get(0), Duration.ofSeconds(1));
            assertThat(retries).hasSize(2);
            assertThat(retries.get(1)).isNotDone();
            fx.time.advance(Duration.ofNanos(1));
            assertTimedOut(retries.get(1), Duration.ofNanos(1));
            fx.time.advance(Duration.ofMillis(48_999)); // t = 59.999 s
            assertThat(longOne).isNotDone();
            fx.time.advance(Duration.ofMillis(1));
            assertTimedOut(longOne, Duration.ofSeconds(60));
        }
    }

    /**
     * Duration extremes through the public API: a timeout far beyond any ticker range (Long.MAX_VALUE seconds) is
     * accepted and never fires in a century, a 1 ns timeout fires after 1 ns, and the huge one does not hold the
     * timer back from a normal request sent after it.
     */
    @Test
    void durationExtremes_hugeTimeoutNeverFiresInACentury_oneNanosecondFires_andNeitherBlocksOthers() {
        try (EngineFixture fx = new EngineFixture()) {
            fx.connectReady();
            CompletableFuture<DfxMessage> huge = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(Long.MAX_VALUE));
            CompletableFuture<DfxMessage> tiny = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofNanos(1));
            assertThat(tiny).isNotDone();
            fx.time.advance(Duration.ofNanos(1));
            assertTimedOut(tiny, Duration.ofNanos(1));
            CompletableFuture<DfxMessage> normal = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(1));
            fx.time.advance(Duration.ofMillis(999));
            assertThat(normal).isNotDone();
            fx.time.advance(Duration.ofMillis(1));
            assertTimedOut(normal, Duration.ofSeconds(1));
            fx.time.advance(Duration.ofDays(365L * 100));
            assertThat(huge).isNotDone();
            assertThat(fx.errors).isEmpty();
        }
    }

    /**
     * Many distinct per-call timeouts (one lane each), sent in shuffled order, a third answered before their
     * deadline: each unanswered request fails in exactly the millisecond of its own deadline, in deadline order, the
     * answered ones never; with the heartbeat off there is no ping at all (no probe deadlines).
     */
    @Test
    void manyDistinctTimeouts_eachFailsInItsOwnMillisecond_answeredOnesNever_andNoProbeWithoutHeartbeat() {
        int n = 1000;
        try (EngineFixture fx = new EngineFixture()) { // heartbeat off
            ScriptedConnection c = fx.connectReady();
            List<Integer> timeouts = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                timeouts.add(i);
            }
            Collections.shuffle(timeouts, new java.util.Random(7));
            Map<Integer, CompletableFuture<DfxMessage>> byTimeout = new java.util.HashMap<>();
            Map<Integer, RequestFrame> frames = new java.util.HashMap<>();
            List<Integer> failedOrder = new ArrayList<>();
            for (int t : timeouts) {
                CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                        Duration.ofMillis(t));
                f.whenComplete((v, e) -> {
                    if (e != null) {
                        failedOrder.add(t);
                    }
                });
                byTimeout.put(t, f);
                frames.put(t, c.lastFrame());
            }
            for (int ms = 1; ms <= n; ms++) {
                if (ms % 3 == 0) {
                    // answer, a little before their deadline, every request whose timeout is 2 ms later
                    int answered = ms + 2;
                    if (answered <= n) {
                        c.respond(frames.get(answered), 200, "{}");
                        assertThat(byTimeout.get(answered)).isCompleted();
                    }
                }
                fx.time.advance(Duration.ofMillis(1));
                CompletableFuture<DfxMessage> due = byTimeout.get(ms);
                boolean wasAnswered = ms > 2 && (ms - 2) % 3 == 0;
                if (wasAnswered) {
                    assertThat(due.join()).isNotNull();
                } else {
                    assertTimedOut(due, Duration.ofMillis(ms));
                }
                boolean nextAnswered = ms + 1 > 2 && (ms - 1) % 3 == 0;
                if (ms < n && !nextAnswered) {
                    assertThat(byTimeout.get(ms + 1)).as("request with timeout %d ms at t = %d ms", ms + 1, ms)
                            .isNotDone();
                }
            }
            List<Integer> expected = new ArrayList<>();
            for (int ms = 1; ms <= n; ms++) {
                if (!(ms > 2 && (ms - 2) % 3 == 0)) {
                    expected.add(ms);
                }
            }
            assertThat(failedOrder).containsExactlyElementsOf(expected);
            assertThat(c.pings).hasValue(0);
            assertThat(fx.errors).isEmpty();
            // nothing left behind: only the one request timer could be left, and it has nothing to serve
            assertThat(fx.time.pending()).isLessThanOrEqualTo(1);
        }
    }

    /**
     * A transport whose send throws an {@link Error} (not a RuntimeException, so the engine's send does not catch it)
     * must not leave the request without a timeout: with a timer per request it was scheduled before the send, so the
     * request still failed at its deadline. The one request timer must be armed for it as well.
     */
    @Test
    void sendThrowsAnError_theRequestStillTimesOutAtItsDeadline() {
        try (EngineFixture fx = new EngineFixture()) { // heartbeat off
            ScriptedConnection c = fx.connectReady();
            c.nextSendError = new AssertionError("transport bug in sendBinary");
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(2));
            fx.time.advance(Duration.ofMillis(1999));
            assertThat(f).isNotDone();
            fx.time.advance(Duration.ofMillis(1));
            assertTimedOut(f, Duration.ofSeconds(2));
        }
    }

    /**
     * A silent-drop probe whose ping throws an {@link Error} ends that run of the request timer half-way. The other
     * deadlines must still be served: the request times out at its own deadline (9 s), as its own timer did before,
     * not only when the heartbeat later declares the connection dead (20 s) or never.
     */
    @Test
    void probePingThrowsAnError_pendingRequestsStillTimeOutAtTheirDeadlines() {
        DfxClientConfig cfg = EngineFixture.config().heartbeatInterval(Duration.ofSeconds(5)).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            ScriptedConnection c = fx.connectReady();
            fx.time.advance(Duration.ofSeconds(1));
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(8)); // probe at 6 s, deadline at 9 s
            fx.time.advance(Duration.ofSeconds(4)); // t = 5 s: heartbeat ping
            assertThat(c.pings).hasValue(1);
            c.pong();
            c.nextPingError = new AssertionError("transport bug in ping");
            fx.time.advance(Duration.ofSeconds(1)); // t = 6 s: the probe's ping throws
            assertThat(c.pings).hasValue(2);
            fx.time.advance(Duration.ofMillis(2999)); // t = 8.999 s
            assertThat(f).isNotDone();
            fx.time.advance(Duration.ofMillis(1)); // t = 9 s
            assertTimedOut(f, Duration.ofSeconds(8));
        }
    }

    /**
     * A timeout callback disconnects: the request due 1 ms later fails with the close (not a timeout after it, not
     * never), the disconnect completes, and no timer of the closed connection is left behind.
     */
    @Test
    void disconnectFromATimeoutCallback_theOtherPendingRequestFailsWithTheClose_andNoTimerIsLeft() {
        try (EngineFixture fx = new EngineFixture()) {
            fx.connectReady();
            List<CompletableFuture<Void>> disconnects = new CopyOnWriteArrayList<>();
            CompletableFuture<DfxMessage> first = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(1));
            first.whenComplete((v, e) -> disconnects.add(fx.client.disconnect()));
            CompletableFuture<DfxMessage> second = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofMillis(1001));
            fx.time.advance(Duration.ofSeconds(1));
            assertTimedOut(first, Duration.ofSeconds(1));
            assertThat(disconnects).singleElement().satisfies(d -> assertThat(d).isCompleted());
            assertThat(failure(second)).isInstanceOf(DfxConnectionClosedException.class);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(fx.time.pending()).isZero();
            fx.time.advance(Duration.ofMinutes(1));
            assertThat(fx.errors).isEmpty();
        }
    }

    /** A scheduler that refuses the next few timers (a bounded or briefly saturated scheduler), then works again. */
    private static final class FlakyScheduler implements Scheduler {
        final ManualScheduler time;
        volatile int rejectNext;

        FlakyScheduler(ManualScheduler time) {
            this.time = time;
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            if (rejectNext > 0) {
                rejectNext--;
                throw new RejectedExecutionException("scheduler queue full");
            }
            return time.schedule(delay, task);
        }
    }

    /**
     * The scheduler refuses one timer, the one armed for the first request. With a timer per request only that request
     * lost its timeout; a later request, scheduled again, still timed out. The one request timer must not stay
     * "armed" with a timer that never fires, or no later request on the connection ever times out.
     */
    @Test
    void schedulerRefusesTheRequestTimerOnce_laterRequestsStillTimeOut() {
        ManualScheduler time = new ManualScheduler();
        FlakyScheduler scheduler = new FlakyScheduler(time);
        ScriptedTransport transport = new ScriptedTransport();
        try (DfxClient client = DfxClient.builder().transport(transport).codec(new TestBodyCodec())
                .config(EngineFixture.config().build()).clock(time).ticker(time).scheduler(scheduler)
                .executor(Runnable::run).random(new SplittableRandom(5)).build()) {
            CompletableFuture<Void> connected = client.connect();
            ScriptedConnection c = transport.last();
            c.respond(c.lastFrame(), 200, "{}");
            connected.join();
            scheduler.rejectNext = 1;
            CompletableFuture<DfxMessage> first = client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(2)); // its timer is refused
            time.advance(Duration.ofSeconds(1));
            CompletableFuture<DfxMessage> second = client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(5)); // t = 1 s: deadline 6 s
            time.advance(Duration.ofMillis(4999));
            assertThat(second).isNotDone();
            time.advance(Duration.ofMillis(1)); // t = 6 s
            assertTimedOut(second, Duration.ofSeconds(5));
            assertTimedOut(first, Duration.ofSeconds(2)); // late (its timer was refused), but not never
        }
    }

    /** A ticker offset so that its readings wrap past Long.MAX_VALUE a little after the connect. */
    private static final class WrappingTicker implements Ticker {
        final ManualScheduler time;
        final long offset;

        WrappingTicker(ManualScheduler time, Duration beforeWrap) {
            this.time = time;
            this.offset = Long.MAX_VALUE - beforeWrap.toNanos();
        }

        @Override
        public long nanoTime() {
            return offset + time.nanoTime(); // wraps (two's complement), as a nanoTime reading may
        }
    }

    private static DfxClient wrappingClient(ManualScheduler time, ScriptedTransport transport, DfxClientConfig cfg,
                                            List<Throwable> errors) {
        DfxClient client = DfxClient.builder().transport(transport).codec(new TestBodyCodec()).config(cfg)
                .clock(time).ticker(new WrappingTicker(time, Duration.ofSeconds(1))).scheduler(time)
                .executor(Runnable::run).random(new SplittableRandom(3)).build();
        client.onError(errors::add);
        CompletableFuture<Void> connected = client.connect();
        ScriptedConnection c = transport.last();
        c.respond(c.lastFrame(), 200, "{}");
        connected.join();
        return client;
    }

    /**
     * The ticker wraps past Long.MAX_VALUE between the send and the deadline (nanoTime readings may): deadlines are
     * compared by difference, so the request neither fails at once nor never.
     */
    @Test
    void tickerWrapsPastLongMaxValue_timeoutsStillFireAtTheirOwnDeadline() {
        ManualScheduler time = new ManualScheduler();
        ScriptedTransport transport = new ScriptedTransport();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (DfxClient client = wrappingClient(time, transport, EngineFixture.config().build(), errors)) {
            CompletableFuture<DfxMessage> before = client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofMillis(500)); // deadline before the wrap
            CompletableFuture<DfxMessage> across = client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(3)); // deadline after the wrap
            time.advance(Duration.ofMillis(499));
            assertThat(before).isNotDone();
            time.advance(Duration.ofMillis(1));
            assertTimedOut(before, Duration.ofMillis(500));
            assertThat(across).isNotDone();
            time.advance(Duration.ofMillis(1000)); // t = 1.5 s: past the wrap
            CompletableFuture<DfxMessage> after = client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofMillis(100)); // sent and due after the wrap, before 'across'
            time.advance(Duration.ofMillis(99));
            assertThat(after).isNotDone();
            time.advance(Duration.ofMillis(1));
            assertTimedOut(after, Duration.ofMillis(100));
            time.advance(Duration.ofMillis(1399)); // t = 2.999 s
            assertThat(across).isNotDone();
            time.advance(Duration.ofMillis(1));
            assertTimedOut(across, Duration.ofSeconds(3));
            assertThat(errors).isEmpty();
        }
    }

    /** The silent-drop probe across the wrap: it pings one interval after the request, not at once and not never. */
    @Test
    void tickerWrapsPastLongMaxValue_theProbePingsOneIntervalAfterTheRequest() {
        ManualScheduler time = new ManualScheduler();
        ScriptedTransport transport = new ScriptedTransport();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        DfxClientConfig cfg = EngineFixture.config().heartbeatInterval(Duration.ofSeconds(5)).build();
        try (DfxClient client = wrappingClient(time, transport, cfg, errors)) {
            ScriptedConnection c = transport.last();
            time.advance(Duration.ofMillis(500));
            CompletableFuture<DfxMessage> f = client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            time.advance(Duration.ofMillis(4499)); // t = 4.999 s, past the wrap
            assertThat(c.pings).hasValue(0);
            time.advance(Duration.ofMillis(1)); // t = 5 s: the heartbeat tick
            assertThat(c.pings).hasValue(1);
            c.pong();
            time.advance(Duration.ofMillis(499)); // t = 5.499 s
            assertThat(c.pings).hasValue(1);
            time.advance(Duration.ofMillis(1)); // t = 5.5 s: the probe, one interval after the send
            assertThat(c.pings).hasValue(2);
            assertThat(f).isNotDone();
        }
    }
}
