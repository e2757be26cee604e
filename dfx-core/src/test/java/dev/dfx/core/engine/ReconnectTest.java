package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementAction;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.RequestId;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.frame.RequestFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Reconnect and resume (docs/protocol.md §6.3) with a scripted transport and a manual clock. */
class ReconnectTest {
    private static final Duration FIVE_S = Duration.ofSeconds(5);
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(30));
    /** 100 ms, ×2, 1 s cap, no jitter, 3 attempts: delays 100, 200, 400 ms. */
    private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(100), 2.0,
            Duration.ofSeconds(1), 0.0, 3);

    private static EngineFixture fixture() {
        return fixture(POLICY);
    }

    private static EngineFixture fixture(ReconnectPolicy policy) {
        return new EngineFixture(EngineFixture.config().reconnect(policy).build());
    }

    private static Chunk chunk(int i) {
        return Chunk.of(("payload-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII), FIVE_S);
    }

    private static String resultJson(int chunkOrder, String extra) {
        return "{\"MeasurementID\":\"M\",\"MeasurementDataID\":\"M:" + chunkOrder + "\",\"MeasurementResultID\":\"R"
                + chunkOrder + "\",\"Multiplier\":10000,\"Channels\":{},\"Error\":{\"Code\":\"OK\",\"Errors\":{}}"
                + extra + "}";
    }

    private static void ack(ScriptedConnection c, RequestFrame f, int order) {
        c.respond(f, 200, "{\"ID\":\"M:" + order + "\",\"ChunkOrder\":" + order + "}");
    }

    private static RequestFrame lastChunkFrame(ScriptedConnection c) {
        List<RequestFrame> f = c.frames("0506");
        return f.get(f.size() - 1);
    }

    private static int order(EngineFixture fx, RequestFrame f) {
        return fx.body(f, AddDataRequest.class).chunkOrder();
    }

    /** Lets the first retry fire and answers the new connection's login; returns the new connection. */
    private static ScriptedConnection reconnect(EngineFixture fx, Duration delay) {
        int before = fx.transport.connections.size();
        fx.time.advance(delay);
        assertThat(fx.transport.connections).hasSize(before + 1);
        ScriptedConnection c = fx.transport.last();
        RequestFrame login = c.lastFrame();
        assertThat(login.actionId().code()).isEqualTo("0718");
        c.respond(login, 200, "{}");
        assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
        return c;
    }

    private static List<Class<?>> eventTypes(EngineFixture fx) {
        List<Class<?>> out = new ArrayList<>();
        for (ConnectionEvent e : fx.events) {
            out.add(e.getClass());
        }
        return out;
    }

    @Test
    void serverDrop_schedulesARetryAfterTheInitialDelay_thenLogsInAgainAndEmitsConnected() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            fx.events.clear();
            c1.fail(new DfxConnectionClosedException(1006, "reset", true));

            assertThat(fx.client.state()).isEqualTo(ConnectionState.RECONNECTING);
            assertThat(fx.events).containsExactly(new ConnectionEvent.Disconnected(1006, "reset", true),
                    new ConnectionEvent.RetryScheduled(1, Duration.ofMillis(100)));
            fx.time.advance(Duration.ofMillis(99));
            assertThat(fx.transport.connections).hasSize(1);
            reconnect(fx, Duration.ofMillis(1));
            assertThat(fx.events.get(fx.events.size() - 1)).isInstanceOf(ConnectionEvent.Connected.class);
            assertThat(fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of())).isNotDone();
        }
    }

    @Test
    void failedAttempts_backOffExponentially_andGiveUpAfterMaxAttempts_failingWaitingStreams() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<ChunkAck> a0 = m.send(chunk(0));
            fx.events.clear();
            c1.serverClose(1011, "server restart");

            for (int attempt = 1; attempt <= 3; attempt++) {
                fx.transport.failNextConnect(new DfxTransportException("refused", null, true));
                fx.time.advance(POLICY.baseDelay(attempt));
            }
            assertThat(eventTypes(fx)).containsExactly(ConnectionEvent.Disconnected.class,
                    ConnectionEvent.RetryScheduled.class, ConnectionEvent.RetryFailed.class,
                    ConnectionEvent.RetryScheduled.class, ConnectionEvent.RetryFailed.class,
                    ConnectionEvent.RetryScheduled.class, ConnectionEvent.RetryFailed.class,
                    ConnectionEvent.GaveUp.class);
            assertThat(fx.events).filteredOn(e -> e instanceof ConnectionEvent.RetryScheduled)
                    .extracting(e -> ((ConnectionEvent.RetryScheduled) e).delay().toMillis())
                    .containsExactly(100L, 200L, 400L);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.FAILED);
            assertThat(failure(m.completion())).isInstanceOf(DfxTransportException.class);
            assertThat(failure(a0)).isInstanceOf(DfxTransportException.class);
            fx.time.advance(Duration.ofMinutes(5));
            assertThat(fx.transport.specs).hasSize(4);
        }
    }

    @Test
    void jitter_comesFromTheInjectedRandomness() {
        RandomGenerator fixedHigh = new RandomGenerator() {
            private final SplittableRandom r = new SplittableRandom(1);

            @Override
            public long nextLong() {
                return r.nextLong();
            }

            @Override
            public double nextDouble() {
                return 1.0;
            }
        };
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.25, 3);
        DfxClientConfig config = EngineFixture.config().reconnect(p).build();
        try (EngineFixture fx = new EngineFixture(config, Runnable::run, fixedHigh, new ScriptedTransport())) {
            fx.connectReady().fail(new DfxConnectionClosedException(1006, "reset", true));
            assertThat(fx.events).contains(new ConnectionEvent.RetryScheduled(1, Duration.ofMillis(125)));
        }
    }

    @Test
    void disconnect_neverReconnects() {
        try (EngineFixture fx = fixture()) {
            fx.connectReady();
            fx.client.disconnect().join();
            fx.time.advance(Duration.ofMinutes(1));
            assertThat(fx.transport.connections).hasSize(1);
            assertThat(fx.events).noneMatch(e -> e instanceof ConnectionEvent.RetryScheduled);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.CLOSED);
        }
    }

    @Test
    void disconnectWhileReconnecting_stopsTheAttempts_andFailsWaitingStreams() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            c1.serverClose(1001, "going away");
            assertThat(fx.client.state()).isEqualTo(ConnectionState.RECONNECTING);
            fx.client.disconnect().join();
            fx.time.advance(Duration.ofMinutes(1));
            assertThat(fx.transport.connections).hasSize(1);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(failure(m.completion())).isInstanceOf(DfxConnectionClosedException.class);
        }
    }

    @Test
    void refusedFirstLogin_isNotRetried() {
        try (EngineFixture fx = fixture()) {
            CompletableFuture<Void> f = fx.client.connect();
            ScriptedConnection c = fx.transport.last();
            c.respond(c.lastFrame(), 401, "{\"Code\":\"INVALID_TOKEN\",\"Message\":\"no\"}");
            assertThat(failure(f)).isInstanceOf(DfxAuthenticationException.class);
            fx.time.advance(Duration.ofMinutes(1));
            assertThat(fx.transport.connections).hasSize(1);
            assertThat(fx.events).noneMatch(e -> e instanceof ConnectionEvent.RetryScheduled);
        }
    }

    @Test
    void loginRefusedOnAReconnect_givesUpAtOnce() {
        try (EngineFixture fx = fixture()) {
            fx.connectReady().fail(new DfxConnectionClosedException(1006, "reset", true));
            fx.time.advance(Duration.ofMillis(100));
            ScriptedConnection c2 = fx.transport.last();
            c2.respond(c2.lastFrame(), 401, "{\"Code\":\"TOKEN_EXPIRED\",\"Message\":\"expired\"}");
            assertThat(fx.events).filteredOn(e -> e instanceof ConnectionEvent.GaveUp).singleElement()
                    .satisfies(g -> assertThat(((ConnectionEvent.GaveUp) g).cause())
                            .isInstanceOf(DfxAuthenticationException.class));
            assertThat(fx.events).filteredOn(e -> e instanceof ConnectionEvent.RetryScheduled).hasSize(1);
            fx.time.advance(Duration.ofMinutes(1));
            assertThat(fx.transport.connections).hasSize(2);
        }
    }

    @Test
    void pendingPlainRequest_failsOnTheDrop_andIsNotReplayedAfterTheReconnect() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            c1.fail(new DfxConnectionClosedException(1006, "reset", true));
            assertThat(failure(f)).isInstanceOf(DfxConnectionClosedException.class);
            assertThat(failure(fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of())))
                    .isInstanceOf(DfxConnectionClosedException.class);
            ScriptedConnection c2 = reconnect(fx, Duration.ofMillis(100));
            assertThat(c2.frames()).extracting(r -> r.actionId().code()).containsExactly("0718");
        }
    }

    @Test
    void dropBeforeTheAck_resubscribesWithANewId_andResendsTheUnackedChunk() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 6, UNPACED);
            RequestId firstSub = m.subscriptionId();
            c1.respond(firstSub, 200, "{}");
            List<CompletableFuture<ChunkAck>> acks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                acks.add(m.send(chunk(i)));
            }
            ack(c1, lastChunkFrame(c1), 0);
            ack(c1, lastChunkFrame(c1), 1);
            assertThat(order(fx, lastChunkFrame(c1))).isEqualTo(2);
            c1.fail(new DfxConnectionClosedException(1006, "reset", true)); // chunk 2 in flight, unacked
            assertThat(acks.get(2)).isNotDone();
            assertThat(m.completion()).isNotDone();

            ScriptedConnection c2 = reconnect(fx, Duration.ofMillis(100));
            RequestFrame sub = c2.lastFrame();
            assertThat(sub.actionId().code()).isEqualTo("0510");
            assertThat(sub.requestId()).isNotEqualTo(firstSub).isEqualTo(m.subscriptionId());
            assertThat(c2.frames("0506")).isEmpty(); // nothing before the new subscription's ack
            c2.respond(sub, 200, "{}");
            for (int i = 2; i < 6; i++) {
                RequestFrame f = lastChunkFrame(c2);
                assertThat(order(fx, f)).isEqualTo(i);
                ack(c2, f, i);
                c2.respond(m.subscriptionId(), 200, resultJson(i, i == 5 ? ",\"StatusID\":\"COMPLETE\"" : ""));
            }
            MeasurementSummary s = m.completion().join();
            assertThat(s.chunksAcked()).isEqualTo(6);
            assertThat(s.finalResult()).isPresent();
            assertThat(acks).allSatisfy(a -> assertThat(a).isCompleted());
            assertThat(fx.body(c2.frames("0506").get(0), AddDataRequest.class).action())
                    .isEqualTo(MeasurementAction.CHUNK_PROCESS);
            assertThat(c1.frames("0506")).hasSize(3);
            assertThat(c2.frames("0506")).hasSize(4);
        }
    }

    @Test
    void dropAfterAnAckBeforeTheNextSend_resumesWithTheNextChunkOnly() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 3, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<ChunkAck> a0 = m.send(chunk(0));
            ack(c1, lastChunkFrame(c1), 0);
            assertThat(a0).isCompletedWithValue(new ChunkAck("M:0", 0));
            c1.serverClose(1006, "");

            m.send(chunk(1));
            ScriptedConnection c2 = reconnect(fx, Duration.ofMillis(100));
            assertThat(c2.frames("0506")).isEmpty();
            c2.respond(m.subscriptionId(), 200, "{}");
            assertThat(c2.frames("0506")).extracting(f -> order(fx, f)).containsExactly(1);
            ack(c2, lastChunkFrame(c2), 1);
            m.send(chunk(2));
            ack(c2, lastChunkFrame(c2), 2);
            c2.respond(m.subscriptionId(), 200, resultJson(2, ",\"StatusID\":\"COMPLETE\""));
            assertThat(m.completion().join().chunksAcked()).isEqualTo(3);
        }
    }

    @Test
    void misalignedChunkOnTheResend_meansTheServerHoldsIt_andTheStreamGoesOnWithTheNext() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 4, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            List<CompletableFuture<ChunkAck>> acks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                acks.add(m.send(chunk(i)));
            }
            ack(c1, lastChunkFrame(c1), 0);
            c1.fail(new DfxConnectionClosedException(1006, "reset", true)); // chunk 1 stored, its ack lost

            ScriptedConnection c2 = reconnect(fx, Duration.ofMillis(100));
            c2.respond(m.subscriptionId(), 200, "{}");
            RequestFrame resent = lastChunkFrame(c2);
            assertThat(order(fx, resent)).isEqualTo(1);
            c2.respond(resent, 400, "{\"Code\":\"MISALIGNED_CHUNK\",\"Message\":\"expected 2\"}");

            assertThat(acks.get(1)).isCompletedWithValue(new ChunkAck("assumed", 1));
            assertThat(order(fx, lastChunkFrame(c2))).isEqualTo(2);
            ack(c2, lastChunkFrame(c2), 2);
            ack(c2, lastChunkFrame(c2), 3);
            c2.respond(m.subscriptionId(), 200, resultJson(3, ",\"StatusID\":\"COMPLETE\""));
            assertThat(m.completion().join().chunksAcked()).isEqualTo(4);
            assertThat(c2.frames("0506")).extracting(f -> order(fx, f)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void misalignedChunkOnAFreshChunk_stillFailsTheStream() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 3, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            c1.respond(lastChunkFrame(c1), 400, "{\"Code\":\"MISALIGNED_CHUNK\",\"Message\":\"x\"}");
            assertThat(failure(m.completion())).isInstanceOf(DfxServerException.class);
        }
    }

    @Test
    void dropDuringLast_measurementClosedOnTheResentLast_meansAccepted_andTheFinalResultCompletes() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            CompletableFuture<ChunkAck> last = m.send(chunk(1));
            ack(c1, lastChunkFrame(c1), 0);
            assertThat(order(fx, lastChunkFrame(c1))).isEqualTo(1);
            c1.fail(new DfxConnectionClosedException(1006, "reset", true));

            ScriptedConnection c2 = reconnect(fx, Duration.ofMillis(100));
            c2.respond(m.subscriptionId(), 200, "{}");
            RequestFrame resent = lastChunkFrame(c2);
            assertThat(fx.body(resent, AddDataRequest.class).action()).isEqualTo(MeasurementAction.LAST_PROCESS);
            c2.respond(resent, 400, "{\"Code\":\"MEASUREMENT_CLOSED\",\"Message\":\"closed\"}");
            assertThat(last).isCompletedWithValue(new ChunkAck("assumed", 1));
            assertThat(m.completion()).isNotDone();
            c2.respond(m.subscriptionId(), 200, resultJson(1, ",\"StatusID\":\"COMPLETE\""));
            MeasurementSummary s = m.completion().join();
            assertThat(s.chunksAcked()).isEqualTo(2);
            assertThat(s.finalResult()).isPresent();
        }
    }

    /**
     * Issue 7: a final result lost in the gap is not invented; when the server does not offer 0500 Retrieve over WS
     * (404 NOT_FOUND, docs/protocol.md §8 Q12), the result timeout applies (§5.5).
     */
    @Test
    void finalResultLostInTheGap_andRetrieveNotOffered_isNotInvented_theResultTimeoutApplies() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            c1.fail(new DfxConnectionClosedException(1006, "reset", true));
            ScriptedConnection c2 = reconnect(fx, Duration.ofMillis(100));
            c2.respond(m.subscriptionId(), 200, "{}");
            c2.respond(lastChunkFrame(c2), 400, "{\"Code\":\"MEASUREMENT_CLOSED\",\"Message\":\"closed\"}");
            c2.respond(c2.lastFrame(), 404, "{\"Code\":\"NOT_FOUND\",\"Message\":\"not served\"}");
            fx.time.advance(Duration.ofSeconds(29));
            assertThat(m.completion()).isNotDone();
            fx.time.advance(Duration.ofSeconds(1));
            assertThat(m.completion()).isNotDone(); // the second 0500 is in flight
            c2.respond(c2.lastFrame(), 404, "{\"Code\":\"NOT_FOUND\",\"Message\":\"not served\"}");
            assertThat(c2.frames("0500")).hasSize(2);
            assertThat(failure(m.completion())).isInstanceOf(DfxTimeoutException.class);
        }
    }

    @Test
    void streamStartedWhileReconnecting_subscribesOnceReady() {
        try (EngineFixture fx = fixture()) {
            fx.connectReady().fail(new DfxConnectionClosedException(1006, "reset", true));
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            assertThat(m.subscribed()).isNotDone();
            ScriptedConnection c2 = reconnect(fx, Duration.ofMillis(100));
            assertThat(c2.lastFrame().actionId().code()).isEqualTo("0510");
            assertThat(c2.lastFrame().requestId()).isEqualTo(m.subscriptionId());
            c2.respond(m.subscriptionId(), 200, "{}");
            assertThat(m.subscribed()).isCompleted();
        }
    }

    @Test
    void serverErrorOnAChunk_isRetriedWithBackoffAtMostThreeTimes_thenSurfaces() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            c.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<ChunkAck> a0 = m.send(chunk(0));
            for (int retry = 1; retry <= 3; retry++) {
                c.respond(lastChunkFrame(c), 503, "{\"Code\":\"UNAVAILABLE\",\"Message\":\"busy\"}");
                assertThat(c.frames("0506")).hasSize(retry);
                fx.time.advance(POLICY.baseDelay(retry));
                assertThat(c.frames("0506")).hasSize(retry + 1);
                assertThat(order(fx, lastChunkFrame(c))).isEqualTo(0);
            }
            c.respond(lastChunkFrame(c), 500, "{\"Code\":\"INTERNAL\",\"Message\":\"boom\"}");
            assertThat(failure(a0)).isInstanceOfSatisfying(DfxServerException.class,
                    e -> assertThat(e.status()).isEqualTo(500));
            assertThat(failure(m.completion())).isInstanceOf(DfxServerException.class);
        }
    }

    @Test
    void serverErrorOnAChunk_thenAck_continues() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            c.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<ChunkAck> a0 = m.send(chunk(0));
            c.respond(lastChunkFrame(c), 502, "{\"Code\":\"BAD_GATEWAY\"}");
            fx.time.advance(Duration.ofMillis(100));
            ack(c, lastChunkFrame(c), 0);
            assertThat(a0).isCompletedWithValue(new ChunkAck("M:0", 0));
        }
    }

    @Test
    void serverErrorOnTheSubscription_resubscribesWithANewIdAfterABackoff() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            RequestId first = m.subscriptionId();
            c.respond(first, 503, "{\"Code\":\"UNAVAILABLE\"}");
            assertThat(m.subscribed()).isNotDone();
            fx.time.advance(Duration.ofMillis(100));
            assertThat(c.frames("0510")).hasSize(2);
            assertThat(m.subscriptionId()).isNotEqualTo(first).isEqualTo(c.lastFrame().requestId());
            c.respond(m.subscriptionId(), 200, "{}");
            assertThat(m.subscribed()).isCompleted();
        }
    }

    @Test
    void otherErrorCodes_surfaceAtOnceAsTypedErrors() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            c.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<ChunkAck> a0 = m.send(chunk(0));
            c.respond(lastChunkFrame(c), 403, "{\"Code\":\"FORBIDDEN\"}");
            assertThat(failure(a0)).isInstanceOfSatisfying(DfxServerException.class,
                    e -> assertThat(e.status()).isEqualTo(403));
            assertThat(c.frames("0506")).hasSize(1);
        }
    }

    @Test
    void heartbeatDeath_isUnexpected_andReconnects() {
        DfxClientConfig config = EngineFixture.config().reconnect(POLICY).heartbeatInterval(Duration.ofSeconds(1))
                .allowedMissedPongs(0).build();
        try (EngineFixture fx = new EngineFixture(config)) {
            fx.connectReady();
            fx.time.advance(Duration.ofSeconds(2));
            assertThat(fx.events).anyMatch(e -> e instanceof ConnectionEvent.RetryScheduled);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.RECONNECTING);
        }
    }
}
