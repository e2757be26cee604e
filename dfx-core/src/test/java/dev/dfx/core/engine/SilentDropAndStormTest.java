package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.frame.RequestFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Issue 12 items 1 (silent drop), 4 (reconnect storm) and 5 (5xx to the re-login). */
class SilentDropAndStormTest {
    private static final Duration FIVE_S = Duration.ofSeconds(5);
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(30));
    /** 100 ms, ×2, 1 s cap, no jitter, 3 attempts: delays 100, 200, 400 ms. */
    private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(100), 2.0,
            Duration.ofSeconds(1), 0.0, 3);

    private static Chunk chunk(int i) {
        return Chunk.of(("p" + i).getBytes(StandardCharsets.US_ASCII), FIVE_S);
    }

    private static void ack(EngineFixture fx, ScriptedConnection c, RequestFrame f) {
        int order = fx.body(f, AddDataRequest.class).chunkOrder();
        c.respond(f, 200, "{\"ID\":\"M:" + order + "\",\"ChunkOrder\":" + order + "}");
    }

    private static RequestFrame lastChunk(ScriptedConnection c) {
        List<RequestFrame> f = c.frames("0506");
        return f.get(f.size() - 1);
    }

    /** A device config with every engine default: heartbeat, request timeout, reconnect policy. */
    private static DfxClientConfig defaults() {
        return DfxClientConfig.builder().uri("ws://127.0.0.1:9/").deviceToken("device-token").build();
    }

    /**
     * Issue 12 item 1: with the default config, after the first chunk's ack the server goes silent (TCP open). The
     * late ack makes the client ping at once; the unanswered probe ends the connection; the reconnect resumes the
     * stream; the measurement completes. Before: the chunk failed on the 30 s request timeout.
     */
    @Test
    void defaults_serverSilentAfterFirstAck_probeEndsTheConnection_andTheMeasurementResumes() {
        try (EngineFixture fx = new EngineFixture(defaults())) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<ChunkAck> a0 = m.send(chunk(0));
            ack(fx, c1, lastChunk(c1));
            CompletableFuture<ChunkAck> a1 = m.send(chunk(1));
            assertThat(c1.frames("0506")).hasSize(2);
            int pingsBefore = c1.pings.get();

            fx.time.advance(Duration.ofSeconds(5)); // the ack is late: probe at once
            assertThat(c1.pings.get()).isGreaterThan(pingsBefore);
            assertThat(c1.aborted).isFalse();
            fx.time.advance(Duration.ofSeconds(5)); // no pong to the probe: dead
            assertThat(c1.aborted).isTrue();
            assertThat(fx.client.state()).isEqualTo(ConnectionState.RECONNECTING);
            assertThat(fx.errors).anySatisfy(e -> assertThat(e).isInstanceOf(DfxTimeoutException.class));

            fx.time.advance(Duration.ofSeconds(1)); // the first retry (0.5 s ± 20 %)
            ScriptedConnection c2 = fx.transport.last();
            assertThat(c2).isNotSameAs(c1);
            c2.respond(c2.lastFrame(), 200, "{}"); // login
            RequestFrame sub = c2.lastFrame();
            assertThat(sub.actionId().code()).isEqualTo("0510");
            c2.respond(sub, 200, "{}");
            RequestFrame resent = lastChunk(c2);
            assertThat(fx.body(resent, AddDataRequest.class).chunkOrder()).isEqualTo(1);
            ack(fx, c2, resent);
            c2.respond(sub, 200, "{\"MeasurementDataID\":\"M:1\",\"StatusID\":\"COMPLETE\",\"Error\":{\"Code\":\"OK\"}}");

            assertThat(a0).isCompleted();
            assertThat(a1).isCompletedWithValue(new ChunkAck("M:1", 1));
            assertThat(m.completion()).isCompleted();
            MeasurementSummary s = m.completion().join();
            assertThat(s.chunksAcked()).isEqualTo(2);
            fx.time.advance(Duration.ofMinutes(1));
            assertThat(fx.errors).noneMatch(e -> e instanceof DfxTimeoutException t && t.operation().startsWith("request"));
        }
    }

    /**
     * Issue 12 item 1: the default heartbeat finds a silent server before a request can time out, and the number of
     * missed pongs is the documented one: dead at the (allowedMissedPongs + 1)-th miss.
     */
    @Test
    void defaults_heartbeatFindsASilentServer_beforeTheRequestTimeout_atTheDocumentedMiss() {
        DfxClientConfig cfg = defaults().toBuilder().reconnect(ReconnectPolicy.none()).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            ScriptedConnection c = fx.connectReady();
            Duration interval = cfg.heartbeatInterval();
            int allowed = cfg.allowedMissedPongs();
            fx.time.advance(interval.multipliedBy(allowed + 2L).minusMillis(1));
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
            assertThat(c.pings).hasValue(allowed + 1);
            fx.time.advance(Duration.ofMillis(1));
            assertThat(c.aborted).isTrue();
            assertThat(fx.client.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(interval.multipliedBy(allowed + 2L)).isLessThan(cfg.requestTimeout());
        }
    }

    /** Issue 12 item 1: a plain request that meets a silent server fails at the probe, not at its own timeout. */
    @Test
    void defaults_requestOnASilentServer_endsByTheProbe_wellBeforeItsTimeout() {
        DfxClientConfig cfg = defaults().toBuilder().reconnect(ReconnectPolicy.none()).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            fx.time.advance(Duration.ofSeconds(10));
            assertThat(c.aborted).isTrue();
            assertThat(failure(f)).isInstanceOf(DfxConnectionClosedException.class);
        }
    }

    /** A pong to the probe keeps the connection: a slow answer is not a dead socket. */
    @Test
    void probeAnswered_keepsTheConnection_andTheLateAnswerStillCompletes() {
        try (EngineFixture fx = new EngineFixture(defaults())) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            RequestFrame req = c.lastFrame();
            fx.time.advance(Duration.ofSeconds(5));
            c.pong();
            fx.time.advance(Duration.ofSeconds(9));
            assertThat(c.aborted).isFalse();
            c.respond(req, 200, "{}");
            assertThat(f).isCompleted();
        }
    }

    /**
     * Issue 12 item 4: a server that accepts every connection and the login, then closes at once, used to be hit
     * every 0.5 s forever (each login reset the backoff). Now the backoff grows and the attempt limit ends it.
     */
    @Test
    void serverDropsEveryConnectionRightAfterLogin_backoffGrows_andGivesUpAtTheLimit() {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().reconnect(POLICY).build())) {
            fx.connectReady().serverClose(1011, "bye");
            for (int attempt = 1; attempt <= 3; attempt++) {
                fx.time.advance(POLICY.baseDelay(attempt));
                ScriptedConnection c = fx.transport.last();
                c.respond(c.lastFrame(), 200, "{}");
                assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
                c.serverClose(1011, "bye");
            }
            assertThat(fx.events).filteredOn(e -> e instanceof ConnectionEvent.RetryScheduled)
                    .extracting(e -> ((ConnectionEvent.RetryScheduled) e).delay().toMillis())
                    .containsExactly(100L, 200L, 400L);
            assertThat(fx.events).last().isInstanceOf(ConnectionEvent.GaveUp.class);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.FAILED);
            fx.time.advance(Duration.ofMinutes(5));
            assertThat(fx.transport.connections).hasSize(4);
        }
    }

    /** Issue 12 item 4: a connection that carried an acked chunk proved healthy; the next drop starts afresh. */
    @Test
    void connectionThatCarriedAnAckedChunk_resetsTheBackoff() {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().reconnect(POLICY).build())) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 3, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            c1.serverClose(1011, "bye");
            fx.time.advance(Duration.ofMillis(100));
            ScriptedConnection c2 = fx.transport.last();
            c2.respond(c2.lastFrame(), 200, "{}");
            c2.serverClose(1011, "bye"); // not healthy: the next wait grows
            fx.time.advance(Duration.ofMillis(200));
            ScriptedConnection c3 = fx.transport.last();
            c3.respond(c3.lastFrame(), 200, "{}");
            RequestFrame sub = c3.lastFrame();
            c3.respond(sub, 200, "{}");
            ack(fx, c3, lastChunk(c3)); // healthy now
            c3.serverClose(1011, "bye");
            assertThat(fx.events).filteredOn(e -> e instanceof ConnectionEvent.RetryScheduled)
                    .extracting(e -> ((ConnectionEvent.RetryScheduled) e).delay().toMillis())
                    .containsExactly(100L, 200L, 100L);
        }
    }

    /** Issue 12 item 4: a connection that stayed up {@code HEALTHY_UPTIME} (30 s) proved healthy too. */
    @Test
    void connectionUpLongEnough_resetsTheBackoff() {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().reconnect(POLICY).build())) {
            fx.connectReady().serverClose(1011, "bye");
            fx.time.advance(Duration.ofMillis(100));
            ScriptedConnection c2 = fx.transport.last();
            c2.respond(c2.lastFrame(), 200, "{}");
            fx.time.advance(Duration.ofSeconds(30));
            c2.serverClose(1011, "bye");
            assertThat(fx.events).filteredOn(e -> e instanceof ConnectionEvent.RetryScheduled)
                    .extracting(e -> ((ConnectionEvent.RetryScheduled) e).attempt())
                    .containsExactly(1, 1);
        }
    }

    /** Issue 12 item 4: close codes 1012 (service restart) and 1013 (try again later) back off to the cap. */
    @ParameterizedTest
    @ValueSource(ints = {1012, 1013})
    void serverCloseAskingToComeBackLater_waitsThePolicyCap(int code) {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().reconnect(POLICY).build())) {
            fx.connectReady().serverClose(code, "later");
            assertThat(fx.events).contains(new ConnectionEvent.RetryScheduled(1, Duration.ofSeconds(1)));
            fx.time.advance(Duration.ofMillis(999));
            assertThat(fx.transport.connections).hasSize(1);
            fx.time.advance(Duration.ofMillis(1));
            assertThat(fx.transport.connections).hasSize(2);
        }
    }

    /**
     * Issue 12 item 5: a 5xx answer to the re-login of a reconnect gave up at once and failed every waiting stream;
     * PROTOCOL.md §6.3 says retry 5xx with backoff.
     */
    @Test
    void reloginAnswered503_isRetriedWithBackoff_andTheStreamResumes() {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().reconnect(POLICY).build())) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<ChunkAck> a0 = m.send(chunk(0));
            c1.serverClose(1011, "bye");

            fx.time.advance(Duration.ofMillis(100));
            ScriptedConnection c2 = fx.transport.last();
            c2.respond(c2.lastFrame(), 503, "{\"Code\":\"SERVICE_UNAVAILABLE\",\"Message\":\"busy\"}");
            assertThat(fx.events).noneMatch(e -> e instanceof ConnectionEvent.GaveUp);
            assertThat(fx.events).contains(new ConnectionEvent.RetryScheduled(2, Duration.ofMillis(200)));
            assertThat(fx.client.state()).isEqualTo(ConnectionState.RECONNECTING);
            assertThat(m.completion()).isNotDone();

            fx.time.advance(Duration.ofMillis(200));
            ScriptedConnection c3 = fx.transport.last();
            c3.respond(c3.lastFrame(), 200, "{}");
            RequestFrame sub = c3.lastFrame();
            assertThat(sub.actionId().code()).isEqualTo("0510");
            c3.respond(sub, 200, "{}");
            ack(fx, c3, lastChunk(c3));
            assertThat(a0).isCompletedWithValue(new ChunkAck("M:0", 0));
        }
    }
}
