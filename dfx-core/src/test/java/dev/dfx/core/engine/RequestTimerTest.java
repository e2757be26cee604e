package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.frame.RequestFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 (BENCHMARKS.md "Design changes", item 2): a connection serves all its pending requests' timeouts and
 * silent-drop probes with one scheduled timer, instead of scheduling and cancelling two per request (each chunk is a
 * request). Counted on the manual scheduler: {@link ManualScheduler#scheduleCalls()}.
 */
class RequestTimerTest {
    private static final int N = 1000;
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(30));

    /** Every engine default (heartbeat 5 s, so each request also has a probe deadline), no reconnect. */
    private static DfxClientConfig defaults() {
        return DfxClientConfig.builder().uri("ws://127.0.0.1:9/").deviceToken("device-token")
                .reconnect(ReconnectPolicy.none()).build();
    }

    // ---- (a) requests answered in time cost O(1) scheduler calls, not two each ----

    @Test
    void thousandRequestsAnsweredInTime_scheduleAtMostOneTimer_notTwoPerRequest() {
        try (EngineFixture fx = new EngineFixture(defaults())) {
            ScriptedConnection c = fx.connectReady();
            long before = fx.time.scheduleCalls();
            for (int i = 0; i < N; i++) {
                CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
                c.respond(c.lastFrame(), 200, "{}");
                assertThat(f).isCompleted();
            }
            long calls = fx.time.scheduleCalls() - before;
            // Before: a timeout and a probe timer per request, 2 × N = 2,000.
            assertThat(calls).as("Scheduler.schedule calls for %d answered requests", N).isLessThanOrEqualTo(1);
            assertThat(fx.errors).isEmpty();
        }
    }

    @Test
    void thousandChunksAckedInTime_scheduleAtMostOneTimer_notTwoPerChunk() {
        try (EngineFixture fx = new EngineFixture(defaults())) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", N, UNPACED);
            c.respond(m.subscriptionId(), 200, "{}");
            long before = fx.time.scheduleCalls();
            List<CompletableFuture<ChunkAck>> acks = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                acks.add(m.send(Chunk.of(("p" + i).getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5))));
                RequestFrame chunk = c.lastFrame();
                int order = fx.body(chunk, AddDataRequest.class).chunkOrder();
                assertThat(order).isEqualTo(i);
                c.respond(chunk, 200, "{\"ID\":\"M:" + order + "\",\"ChunkOrder\":" + order + "}");
            }
            long calls = fx.time.scheduleCalls() - before;
            assertThat(acks).allSatisfy(a -> assertThat(a).isCompleted());
            assertThat(c.frames("0506")).hasSize(N);
            // Before: 2 × N = 2,000 (AddData is a request like any other).
            assertThat(calls).as("Scheduler.schedule calls for %d acked chunks", N).isLessThanOrEqualTo(1);
        }
    }

    /**
     * Answers keep coming for 10 s (one request every 10 ms, each answered 10 ms later): no probe ping beyond the
     * heartbeat's own, the connection stays, and the timers scheduled are the heartbeat's ticks plus a few re-arms
     * of the one request timer, not two per request.
     */
    @Test
    void answersKeepComing_noProbe_andTheSchedulerCallsDoNotGrowWithTheRequests() {
        DfxClientConfig cfg = defaults();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            ScriptedConnection c = fx.connectReady();
            long before = fx.time.scheduleCalls();
            CompletableFuture<DfxMessage> prev = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            RequestFrame prevFrame = c.lastFrame();
            for (int i = 1; i < N; i++) {
                fx.time.advance(Duration.ofMillis(10));
                CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
                RequestFrame frame = c.lastFrame();
                c.respond(prevFrame, 200, "{}");
                assertThat(prev).isCompleted();
                prev = f;
                prevFrame = frame;
            }
            c.respond(prevFrame, 200, "{}");
            // 9.99 s went by: the heartbeat pinged at 5 s only; a probe would have added pings.
            assertThat(c.pings).hasValue(1);
            assertThat(c.aborted).isFalse();
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
            long calls = fx.time.scheduleCalls() - before;
            // 1 heartbeat tick + the request timer re-armed about once per heartbeat interval; before: 2 × N + 1.
            assertThat(calls).isLessThanOrEqualTo(5);
            assertThat(fx.errors).isEmpty();
        }
    }

    // ---- (b) different timeouts: each at its own deadline, in deadline order ----

    @Test
    void requestsWithDifferentTimeouts_eachTimesOutAtItsOwnDeadline_inDeadlineOrder() {
        try (EngineFixture fx = new EngineFixture()) { // heartbeat off: timeouts only
            fx.connectReady();
            List<String> order = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            // name, sent at (ms), timeout (ms): deadlines 2000 (b), 2500 (d), 5000 (a), 6000 (e), 9000 (c)
            Object[][] plan = {{"a", 0, 5000}, {"b", 0, 2000}, {"c", 0, 9000}, {"d", 500, 2000}, {"e", 1000, 5000}};
            Map<String, CompletableFuture<DfxMessage>> futures = new java.util.HashMap<>();
            long at = 0;
            for (Object[] p : plan) {
                String name = (String) p[0];
                long sentAt = (int) p[1];
                fx.time.advance(Duration.ofMillis(sentAt - at));
                at = sentAt;
                CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                        Duration.ofMillis((int) p[2]));
                f.whenComplete((v, e) -> {
                    order.add(name);
                    failures.add(e);
                });
                futures.put(name, f);
            }
            long[] deadlines = {2000, 2500, 5000, 6000, 9000};
            String[] names = {"b", "d", "a", "e", "c"};
            long[] limits = {2000, 2000, 5000, 5000, 9000};
            for (int i = 0; i < deadlines.length; i++) {
                fx.time.advance(Duration.ofMillis(deadlines[i] - 1 - at));
                assertThat(futures.get(names[i])).as("%s one ms before its deadline", names[i]).isNotDone();
                fx.time.advance(Duration.ofMillis(1));
                at = deadlines[i];
                Throwable t = failure(futures.get(names[i]));
                assertThat(t).isInstanceOf(DfxTimeoutException.class);
                assertThat(((DfxTimeoutException) t).limit()).isEqualTo(Duration.ofMillis(limits[i]));
                assertThat(((DfxTimeoutException) t).operation()).startsWith("request 0100 0100");
            }
            assertThat(order).containsExactly(names);
            assertThat(failures).doesNotContainNull();
            assertThat(fx.errors).isEmpty();
        }
    }

    /** Two requests due at the same tick fail in the order they were sent, as their own timers did. */
    @Test
    void sameDeadline_differentTimeouts_failInSendOrder() {
        try (EngineFixture fx = new EngineFixture()) {
            fx.connectReady();
            List<String> order = new ArrayList<>();
            CompletableFuture<DfxMessage> first = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(3));
            first.whenComplete((v, e) -> order.add("first"));
            fx.time.advance(Duration.ofSeconds(1));
            CompletableFuture<DfxMessage> second = fx.client.sendMessage(ActionId.GENERAL_REGIONS, Map.of(),
                    Duration.ofSeconds(2));
            second.whenComplete((v, e) -> order.add("second"));
            fx.time.advance(Duration.ofMillis(1999));
            assertThat(order).isEmpty();
            fx.time.advance(Duration.ofMillis(1));
            assertThat(order).containsExactly("first", "second");
            assertThat(failure(second)).isInstanceOf(DfxTimeoutException.class);
        }
    }

    // ---- (c) the silent-drop probe ----

    /**
     * A request sent 2 s after the connect meets a silent server: its probe pings at 7 s (one heartbeat interval
     * after it went, not at a heartbeat tick), and the probe left without a pong ends the connection at 12 s, long
     * before the heartbeat alone (20 s) or the request's own timeout (30 s).
     */
    @Test
    void silentServer_probePingsOneIntervalAfterTheRequest_andEndsTheConnectionOneIntervalLater() {
        try (EngineFixture fx = new EngineFixture(defaults())) {
            ScriptedConnection c = fx.connectReady();
            fx.time.advance(Duration.ofSeconds(2));
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            fx.time.advance(Duration.ofMillis(4999)); // t = 6.999 s: the heartbeat pinged at 5 s
            assertThat(c.pings).hasValue(1);
            fx.time.advance(Duration.ofMillis(1)); // t = 7 s: the probe
            assertThat(c.pings).hasValue(2);
            fx.time.advance(Duration.ofMillis(4999)); // t = 11.999 s
            assertThat(c.aborted).isFalse();
            assertThat(f).isNotDone();
            fx.time.advance(Duration.ofMillis(1)); // t = 12 s: no pong to the probe
            assertThat(c.aborted).isTrue();
            assertThat(failure(f)).isInstanceOf(DfxConnectionClosedException.class);
            assertThat(fx.errors).anySatisfy(e -> assertThat(e).isInstanceOf(DfxTimeoutException.class)
                    .extracting(x -> ((DfxTimeoutException) x).operation()).isEqualTo("pong"));
        }
    }

    /**
     * Each request probes once, at its own interval: a pong answers the first request's probe, and the second
     * request, still unanswered, probes again at its own time.
     */
    @Test
    void eachUnansweredRequestProbesOnce_atItsOwnInterval() {
        try (EngineFixture fx = new EngineFixture(defaults())) {
            ScriptedConnection c = fx.connectReady();
            fx.time.advance(Duration.ofSeconds(1));
            fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of()); // probe at 6 s
            fx.time.advance(Duration.ofSeconds(2));
            fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of()); // probe at 8 s
            fx.time.advance(Duration.ofSeconds(3)); // t = 6 s: heartbeat (5 s) and the first probe
            assertThat(c.pings).hasValue(2);
            c.pong();
            fx.time.advance(Duration.ofMillis(1999)); // t = 7.999 s
            assertThat(c.pings).hasValue(2);
            fx.time.advance(Duration.ofMillis(1)); // t = 8 s: the second request's probe
            assertThat(c.pings).hasValue(3);
            c.pong();
            fx.time.advance(Duration.ofMillis(1999)); // t = 9.999 s: no more probes (each probes once)
            assertThat(c.pings).hasValue(3);
            assertThat(c.aborted).isFalse();
        }
    }

    // ---- (d) an answer at the deadline tick ----

    /**
     * At the deadline tick what reaches the engine first wins, as with one timer per request: an answer handled
     * before the timer runs completes the request (and no timeout follows); once the timer ran, the answer is an
     * unknown id and the request failed with its timeout.
     */
    @Test
    void answerAtTheDeadlineTick_beforeTheTimer_completes() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<RequestFrame> sent = new CompletableFuture<>();
            // Due at the same tick as the request's deadline and queued before it: it runs first.
            fx.time.schedule(Duration.ofSeconds(2), () -> c.respond(sent.join(), 200, "{\"n\":1}"));
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(2));
            sent.complete(c.lastFrame());
            fx.time.advance(Duration.ofMillis(1999));
            assertThat(f).isNotDone();
            fx.time.advance(Duration.ofMillis(1));
            assertThat(f).isCompleted();
            assertThat(f.join().body()).containsEntry("n", 1L);
            fx.time.advance(Duration.ofMinutes(1));
            assertThat(fx.errors).isEmpty();
        }
    }

    @Test
    void answerAtTheDeadlineTick_afterTheTimer_isAnUnknownId_andTheRequestTimedOut() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(2));
            RequestFrame req = c.lastFrame();
            // Due at the same tick and queued after the request's timer.
            fx.time.schedule(Duration.ofSeconds(2), () -> c.respond(req, 200, "{}"));
            fx.time.advance(Duration.ofSeconds(2));
            assertThat(failure(f)).isInstanceOf(DfxTimeoutException.class);
            assertThat(fx.errors).singleElement().isInstanceOf(DfxProtocolException.class)
                    .extracting(Throwable::getMessage).asString().contains("unknown request id");
        }
    }
}
