package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.dfx.core.Chunk;
import dev.dfx.core.MeasurementAction;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.RequestId;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SubscribeRequest;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxInvalidMeasurementException;
import dev.dfx.core.error.DfxMisalignedChunkException;
import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.frame.RequestFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MeasurementStreamTest {
    private static final Duration FIVE_S = Duration.ofSeconds(5);
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(30));

    private static Chunk chunk(int i) {
        return Chunk.of(("payload-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII), FIVE_S)
                .withMeta(("meta-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .withTimes(i * 5.0, i * 5.0 + 5.0);
    }

    private static String resultJson(int chunkOrder, String extra) {
        return "{\"MeasurementID\":\"M\",\"MeasurementDataID\":\"M:" + chunkOrder + "\",\"MeasurementResultID\":\"R"
                + chunkOrder + "\",\"Multiplier\":10000,\"Channels\":{\"HR_BPM\":{\"Channel\":\"slow/toi4\","
                + "\"Data\":[" + (720000 + chunkOrder) + "]}},\"Error\":{\"Code\":\"OK\",\"Errors\":{}}" + extra + "}";
    }

    private static void ack(ScriptedConnection c, RequestFrame f, int order) {
        c.respond(f, 200, "{\"ID\":\"M:" + order + "\",\"ChunkOrder\":" + order + "}");
    }

    /** Starts a measurement and acks its subscription. */
    private static MeasurementStream subscribed(EngineFixture fx, ScriptedConnection c, int chunks,
                                                MeasurementOptions options) {
        MeasurementStream s = fx.client.startMeasurement("M", chunks, options);
        c.respond(s.subscriptionId(), 200, "{}");
        assertThat(s.subscribed()).isCompleted();
        return s;
    }

    /**
     * Issue 13: a saved chunk's duration_s goes out exactly as stored (docs/protocol.md §9), not rounded through
     * nanoseconds, and paces by its own value.
     */
    @Test
    void chunkWithDurationSeconds_sendsThatExactNumber() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 2, UNPACED);
            double seconds = 152 / 30.0; // 5.066666666666666, not a whole number of nanoseconds
            m.send(Chunk.of(new byte[] {1}, FIVE_S).withDurationSeconds(seconds).withTimes(0.0, seconds));

            AddDataRequest req = fx.body(c.frames("0506").get(0), AddDataRequest.class);

            assertThat(req.duration()).isEqualTo(seconds);
            assertThat(Duration.ofNanos(Math.round(seconds * 1e9)).toNanos() / 1e9).isNotEqualTo(seconds);
            assertThat(req.endTime()).isEqualTo(seconds);
        }
    }

    /** Issue 13: replayed chunks of different lengths are paced each by its own duration (docs/protocol.md §4.3, §9). */
    @Test
    void chunksOfDifferentDurations_arePacedEachByItsOwn() {
        try (EngineFixture fx = new EngineFixture()) { // real-time pacing on, burst 4 s (defaults)
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 3);
            c.respond(m.subscriptionId(), 200, "{}");
            double[] seconds = {2.5, 7.5, 1.0};
            for (double d : seconds) {
                m.send(Chunk.of(new byte[] {1}, FIVE_S).withDurationSeconds(d));
            }
            assertThat(c.frames("0506")).hasSize(1);
            ack(c, c.frames("0506").get(0), 0);

            // chunk 1 may go when 2.5 + 7.5 s <= elapsed + 4 s burst: at 6 s
            fx.time.advance(Duration.ofMillis(5999));
            assertThat(c.frames("0506")).hasSize(1);
            fx.time.advance(Duration.ofMillis(1));
            assertThat(c.frames("0506")).hasSize(2);
            ack(c, c.frames("0506").get(1), 1);

            // chunk 2 may go when 10 + 1 s <= elapsed + 4 s: at 7 s, one second later
            fx.time.advance(Duration.ofMillis(999));
            assertThat(c.frames("0506")).hasSize(2);
            fx.time.advance(Duration.ofMillis(1));
            assertThat(c.frames("0506")).hasSize(3);
            assertThat(c.frames("0506")).extracting(f -> fx.body(f, AddDataRequest.class).duration())
                    .containsExactly(2.5, 7.5, 1.0);
        }
    }

    @Test
    void sixChunkMeasurement_subscribesSendsOneChunkPerAckAtRealTimePace_andPublishesEveryResult() {
        try (EngineFixture fx = new EngineFixture()) { // real-time pacing on, burst 4 s (defaults)
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 6);
            RecordingSubscriber<MeasurementResult> early = new RecordingSubscriber<>(2);
            m.results().subscribe(early);

            RequestFrame sub = c.lastFrame();
            assertThat(sub.actionId().code()).isEqualTo("0510");
            assertThat(sub.requestId()).isEqualTo(m.subscriptionId());
            SubscribeRequest body = fx.body(sub, SubscribeRequest.class);
            assertThat(body.requestId()).isEqualTo(sub.requestId().value());
            assertThat(body.measurementId()).isEqualTo("M");

            List<CompletableFuture<ChunkAck>> acks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                acks.add(m.send(chunk(i)));
            }
            assertThat(c.frames("0506")).isEmpty();
            c.respond(sub, 200, "{}");
            assertThat(m.subscribed()).isCompleted();

            List<MeasurementAction> actions = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                List<RequestFrame> sent = c.frames("0506");
                assertThat(sent).hasSize(i + 1);
                RequestFrame f = sent.get(i);
                AddDataRequest req = fx.body(f, AddDataRequest.class);
                actions.add(req.action());
                assertThat(req.chunkOrder()).isEqualTo(i);
                assertThat(req.measurementId()).isEqualTo("M");
                assertThat(req.duration()).isEqualTo(5.0);
                assertThat(req.startTime()).isEqualTo(i * 5.0);
                assertThat(req.endTime()).isEqualTo(i * 5.0 + 5.0);
                assertThat(req.payload()).isEqualTo(ByteBuffer.wrap(("payload-" + i).getBytes()));
                assertThat(req.meta()).isEqualTo(ByteBuffer.wrap(("meta-" + i).getBytes()));
                assertThat(acks.get(i)).isNotDone();

                ack(c, f, i);
                assertThat(acks.get(i)).isCompletedWithValue(new ChunkAck("M:" + i, i));
                if (i < 5) {
                    // docs/protocol.md §4.3: chunk i+1 goes when 5(i+1) + 5 s <= elapsed + 4 s burst, i.e. at 5i + 6 s.
                    fx.time.advance(Duration.ofMillis(i == 0 ? 5999 : 4999));
                    assertThat(c.frames("0506")).hasSize(i + 1);
                    fx.time.advance(Duration.ofMillis(1));
                }
                if (i < 5) {
                    c.respond(m.subscriptionId(), 200, resultJson(i, ""));
                }
            }
            assertThat(actions).containsExactly(MeasurementAction.FIRST_PROCESS, MeasurementAction.CHUNK_PROCESS,
                    MeasurementAction.CHUNK_PROCESS, MeasurementAction.CHUNK_PROCESS, MeasurementAction.CHUNK_PROCESS,
                    MeasurementAction.LAST_PROCESS);
            assertThat(m.completion()).isNotDone();

            c.respond(m.subscriptionId(), 200, resultJson(5, ",\"StatusID\":\"COMPLETE\""));
            MeasurementSummary summary = m.completion().join();
            assertThat(summary.chunksAcked()).isEqualTo(6);
            assertThat(summary.results()).extracting(MeasurementResult::measurementResultId)
                    .containsExactly("R0", "R1", "R2", "R3", "R4", "R5");
            assertThat(summary.finalResult()).get().extracting(MeasurementResult::statusId).isEqualTo("COMPLETE");

            // Demand honoured exactly: 2 asked, 2 delivered, no completion until everything is delivered.
            assertThat(early.items).extracting(MeasurementResult::measurementResultId).containsExactly("R0", "R1");
            assertThat(early.completed).isFalse();
            early.request(3);
            assertThat(early.items).hasSize(5);
            assertThat(early.completed).isFalse();
            early.request(1);
            assertThat(early.items).hasSize(6);
            assertThat(early.completed).isTrue();

            // Replay: a late subscriber gets every result from the first, then completion.
            RecordingSubscriber<MeasurementResult> late = new RecordingSubscriber<>(Long.MAX_VALUE);
            m.results().subscribe(late);
            assertThat(late.items).extracting(MeasurementResult::measurementResultId)
                    .containsExactly("R0", "R1", "R2", "R3", "R4", "R5");
            assertThat(late.signals).startsWith("subscribe").endsWith("complete");
            assertThat(fx.errors).isEmpty();
        }
    }

    @Test
    void concurrentSenders_getConsecutiveChunkOrders_eachFutureMatchingItsOwnPayload() throws Exception {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 6, UNPACED);
            while (true) { // skip the frames already taken: login and subscribe
                if (c.takeFrame(Duration.ofSeconds(5)).actionId().code().equals("0510")) {
                    break;
                }
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<CompletableFuture<ChunkAck>>> calls = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    int n = i;
                    calls.add(pool.submit(() -> {
                        go.await();
                        return m.send(chunk(n));
                    }));
                }
                go.countDown();
                java.util.Map<String, CompletableFuture<ChunkAck>> byPayload = new java.util.HashMap<>();
                for (int i = 0; i < 6; i++) {
                    byPayload.put("payload-" + i, calls.get(i).get(5, java.util.concurrent.TimeUnit.SECONDS));
                }
                // With a direct executor a pool thread may still be draining the engine's queue: wait, bounded.
                for (int i = 0; i < 6; i++) {
                    RequestFrame f = c.takeFrame(Duration.ofSeconds(5));
                    assertThat(f.actionId().code()).isEqualTo("0506");
                    AddDataRequest req = fx.body(f, AddDataRequest.class);
                    assertThat(req.chunkOrder()).isEqualTo(i);
                    ack(c, f, i);
                    String payload = java.nio.charset.StandardCharsets.US_ASCII.decode(req.payload()).toString();
                    assertThat(byPayload.get(payload).get(5, java.util.concurrent.TimeUnit.SECONDS))
                            .isEqualTo(new ChunkAck("M:" + i, i));
                }
                assertThat(c.frames("0506")).hasSize(6);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void completionByLastChunksResult_withoutStatusId() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 2, UNPACED);
            m.send(chunk(0));
            ack(c, c.lastFrame(), 0);
            m.send(chunk(1));
            ack(c, c.lastFrame(), 1);
            c.respond(m.subscriptionId(), 200, resultJson(0, ""));
            assertThat(m.completion()).isNotDone();
            c.respond(m.subscriptionId(), 200, resultJson(1, ""));
            MeasurementSummary s = m.completion().join();
            assertThat(s.finalResult()).get().extracting(MeasurementResult::measurementResultId).isEqualTo("R1");
            assertThat(s.results()).hasSize(2);
        }
    }

    @Test
    void completingResultBeforeTheLastAck_completesOnlyOnceTheAckIsIn() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 2, UNPACED);
            m.send(chunk(0));
            ack(c, c.lastFrame(), 0);
            m.send(chunk(1));
            RequestFrame last = c.lastFrame();
            c.respond(m.subscriptionId(), 200, "{\"MeasurementID\":\"M\",\"StatusID\":\"PARTIAL\"}");
            assertThat(m.completion()).isNotDone();
            ack(c, last, 1);
            MeasurementSummary s = m.completion().join();
            assertThat(s.finalResult()).get().extracting(MeasurementResult::statusId).isEqualTo("PARTIAL");
        }
    }

    @Test
    void lastIgnoreChunk_completesOnItsAck_withoutAFinalResult() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 2, UNPACED);
            m.send(chunk(0));
            ack(c, c.lastFrame(), 0);
            m.send(chunk(1).withMode(MeasurementAction.Mode.IGNORE));
            assertThat(fx.body(c.lastFrame(), AddDataRequest.class).action())
                    .isEqualTo(MeasurementAction.LAST_IGNORE);
            ack(c, c.lastFrame(), 1);
            MeasurementSummary s = m.completion().join();
            assertThat(s.finalResult()).isEmpty();
            assertThat(s.chunksAcked()).isEqualTo(2);
        }
    }

    @Test
    void noCompletingResultAfterTheLastAck_failsWithTimeoutAfterResultTimeout() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 1, UNPACED.withResultTimeout(Duration.ofSeconds(10)));
            RecordingSubscriber<MeasurementResult> sub = new RecordingSubscriber<>(10);
            m.results().subscribe(sub);
            m.send(chunk(0));
            ack(c, c.lastFrame(), 0);
            fx.time.advance(Duration.ofMillis(9999));
            assertThat(m.completion()).isNotDone();
            fx.time.advance(Duration.ofMillis(1));
            assertThat(failure(m.completion())).isInstanceOf(DfxTimeoutException.class);
            assertThat(sub.error).isInstanceOf(DfxTimeoutException.class);
        }
    }

    @Test
    void rateLimitedChunk_isResentUnchangedAfterOneChunkDuration_andNothingIsSkipped() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 3, UNPACED);
            m.send(chunk(0));
            ack(c, c.lastFrame(), 0);
            CompletableFuture<ChunkAck> second = m.send(chunk(1));
            m.send(chunk(2));
            RequestFrame first = c.lastFrame();
            c.respond(first, 429, "{\"Code\":\"RATE_LIMIT\",\"Message\":\"slow down\"}");
            assertThat(second).isNotDone();
            fx.time.advance(Duration.ofMillis(4999));
            assertThat(c.frames("0506")).hasSize(2);
            fx.time.advance(Duration.ofMillis(1));
            assertThat(c.frames("0506")).hasSize(3);

            RequestFrame resent = c.lastFrame();
            assertThat(resent.requestId()).isNotEqualTo(first.requestId());
            AddDataRequest a = fx.body(first, AddDataRequest.class);
            AddDataRequest b = fx.body(resent, AddDataRequest.class);
            assertThat(b.chunkOrder()).isEqualTo(a.chunkOrder()).isEqualTo(1);
            assertThat(b.action()).isEqualTo(a.action()).isEqualTo(MeasurementAction.CHUNK_PROCESS);
            assertThat(b.payload()).isEqualTo(a.payload());

            ack(c, resent, 1);
            assertThat(second).isCompletedWithValue(new ChunkAck("M:1", 1));
            // Issue 12: after a RATE_LIMIT the stream is paced to real time: 10 s sent + 5 s <= 15 s elapsed.
            assertThat(c.frames("0506")).hasSize(3);
            fx.time.advance(Duration.ofSeconds(10));
            assertThat(c.frames("0506")).hasSize(4);
            AddDataRequest third = fx.body(c.lastFrame(), AddDataRequest.class);
            assertThat(third.chunkOrder()).isEqualTo(2);
            assertThat(third.action()).isEqualTo(MeasurementAction.LAST_PROCESS);
        }
    }

    @Test
    void misalignedChunk_failsTheChunkAndTheStream_andLaterSendsFail() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 4, UNPACED);
            RecordingSubscriber<MeasurementResult> sub = new RecordingSubscriber<>(10);
            m.results().subscribe(sub);
            m.send(chunk(0));
            ack(c, c.lastFrame(), 0);
            CompletableFuture<ChunkAck> bad = m.send(chunk(1));
            CompletableFuture<ChunkAck> queued = m.send(chunk(2));
            c.respond(c.lastFrame(), 400, "{\"Code\":\"MISALIGNED_CHUNK\",\"Message\":\"expected 2\"}");

            assertThat(failure(bad)).isInstanceOf(DfxMisalignedChunkException.class);
            assertThat(failure(queued)).isInstanceOf(DfxMisalignedChunkException.class);
            assertThat(failure(m.completion())).isInstanceOf(DfxMisalignedChunkException.class);
            assertThat(sub.error).isInstanceOf(DfxMisalignedChunkException.class);
            CompletableFuture<ChunkAck> later = m.send(chunk(3));
            assertThat(failure(later)).isInstanceOf(DfxMisalignedChunkException.class);
            assertThat(c.frames("0506")).hasSize(2);
        }
    }

    @Test
    void singleChunkMeasurement_sendsOnlyLastProcess() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 1, MeasurementOptions.from(fx.config));
            m.send(chunk(0));
            List<RequestFrame> sent = c.frames("0506");
            assertThat(sent).hasSize(1);
            AddDataRequest req = fx.body(sent.get(0), AddDataRequest.class);
            assertThat(req.action()).isEqualTo(MeasurementAction.LAST_PROCESS);
            assertThat(req.chunkOrder()).isZero();
            ack(c, sent.get(0), 0);
            c.respond(m.subscriptionId(), 200, resultJson(0, ",\"StatusID\":\"COMPLETE\""));
            assertThat(m.completion()).isCompleted();
        }
    }

    @Test
    void sendingMoreThanChunkCount_throwsIllegalStateAtOnce() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            m.send(chunk(0));
            m.send(chunk(1));
            assertThatIllegalStateException().isThrownBy(() -> m.send(chunk(2))).withMessageContaining("2 chunk");
            assertThatNullPointerException().isThrownBy(() -> m.send(null)).withMessage("chunk");
            assertThat(c.frames("0506")).isEmpty();
        }
    }

    @Test
    void subscribeError_failsTheStreamWithTheTypedException_andNoChunkIsSent() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("nope", 2, UNPACED);
            CompletableFuture<ChunkAck> chunk = m.send(chunk(0));
            c.respond(m.subscriptionId(), 404, "{\"Code\":\"INVALID_MEASUREMENT\",\"Message\":\"no such id\"}");
            assertThat(failure(m.subscribed())).isInstanceOf(DfxInvalidMeasurementException.class);
            assertThat(failure(m.completion())).isInstanceOf(DfxInvalidMeasurementException.class);
            assertThat(failure(chunk)).isInstanceOf(DfxInvalidMeasurementException.class);
            assertThat(c.frames("0506")).isEmpty();
        }
    }

    @Test
    void subscribeWithoutAck_failsWithTimeoutAfterRequestTimeout() {
        try (EngineFixture fx = new EngineFixture()) {
            fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            fx.time.advance(fx.config.requestTimeout());
            assertThat(failure(m.subscribed())).isInstanceOf(DfxTimeoutException.class);
        }
    }

    @Test
    void ackForTheWrongChunkOrder_isAProtocolErrorThatFailsTheStream() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 3, UNPACED);
            CompletableFuture<ChunkAck> f = m.send(chunk(0));
            ack(c, c.lastFrame(), 2);
            assertThat(failure(f)).isInstanceOf(DfxProtocolException.class);
            assertThat(failure(m.completion())).isInstanceOf(DfxProtocolException.class);
            assertThat(fx.errors).singleElement().isInstanceOf(DfxProtocolException.class);
        }
    }

    @Test
    void workerErrorResult_completesTheStreamWithThatResult() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 3, UNPACED);
            m.send(chunk(0));
            ack(c, c.lastFrame(), 0);
            CompletableFuture<ChunkAck> inFlight = m.send(chunk(1));
            CompletableFuture<ChunkAck> unsent = m.send(chunk(2));
            c.respond(m.subscriptionId(), 200, "{\"MeasurementDataID\":\"M:0\",\"Error\":{\"Code\":\"WORKER_ERROR\"}}");
            MeasurementSummary s = m.completion().join();
            assertThat(s.finalResult()).get().extracting(r -> r.error().code()).isEqualTo("WORKER_ERROR");
            assertThat(unsent).isCompletedExceptionally();
            ack(c, c.lastFrame(), 1);
            assertThat(inFlight).isCompletedWithValue(new ChunkAck("M:1", 1));
        }
    }

    @Test
    void connectionLostMidMeasurement_failsTheStreamWithConnectionClosed() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 3, UNPACED);
            CompletableFuture<ChunkAck> f = m.send(chunk(0));
            c.fail(new DfxConnectionClosedException(1006, "dropped", true));
            assertThat(failure(f)).isInstanceOf(DfxConnectionClosedException.class);
            assertThat(failure(m.completion())).isInstanceOf(DfxConnectionClosedException.class);
        }
    }

    @Test
    void startMeasurementBeforeConnect_failsTheStreamWithIllegalState() {
        try (EngineFixture fx = new EngineFixture()) {
            MeasurementStream m = fx.client.startMeasurement("M", 1);
            assertThat(failure(m.subscribed())).isInstanceOf(IllegalStateException.class);
            assertThat(m.subscriptionId().value()).startsWith("0510");
        }
    }

    @Test
    void cancel_failsFuturesAndSubscribersWithCancellation_andStopsSending() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 3, UNPACED);
            RecordingSubscriber<MeasurementResult> sub = new RecordingSubscriber<>(1);
            m.results().subscribe(sub);
            CompletableFuture<ChunkAck> f = m.send(chunk(0));
            m.cancel();
            assertThat(failure(f)).isInstanceOf(CancellationException.class);
            assertThat(sub.error).isInstanceOf(CancellationException.class);
            c.respond(m.subscriptionId(), 200, resultJson(0, ""));
            assertThat(fx.errors).singleElement().isInstanceOf(DfxProtocolException.class);
        }
    }

    @Test
    void resultsPublisher_requestOfZero_signalsIllegalArgument_andStopsDelivering() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = subscribed(fx, c, 2, UNPACED);
            RecordingSubscriber<MeasurementResult> sub = new RecordingSubscriber<>(0);
            m.results().subscribe(sub);
            sub.request(0);
            assertThat(sub.error).isInstanceOf(IllegalArgumentException.class);
            c.respond(m.subscriptionId(), 200, resultJson(0, ""));
            sub.request(5);
            assertThat(sub.items).isEmpty();
            assertThat(sub.signals).containsExactly("subscribe", "error");
            assertThatNullPointerException().isThrownBy(() -> m.results().subscribe(null));
        }
    }

    @Test
    void subscriptionId_isNotReusedByARequestWhileTheStreamIsActive() {
        // Letters for: login AAAAAA, subscription AAAAAA, then a 0510 request draws AAAAAA (taken) and AAAAAB.
        int[] letters = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().build(), Runnable::run,
                new DfxClientRequestTest.ScriptedRandom(letters), new ScriptedTransport())) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            assertThat(m.subscriptionId()).isEqualTo(new RequestId("0510AAAAAA"));
            fx.client.sendMessage(dev.dfx.core.ActionId.MEASUREMENTS_SUBSCRIBE, java.util.Map.of());
            assertThat(c.lastFrame().requestId()).isEqualTo(new RequestId("0510AAAAAB"));
        }
    }

    @Test
    void chunk_validatesItsArguments_andToStringShowsSizesOnly() {
        Chunk c = Chunk.of(new byte[] {1, 2, 3}, FIVE_S);
        assertThat(c.mode()).isEqualTo(MeasurementAction.Mode.PROCESS);
        assertThat(c.payload().isReadOnly()).isTrue();
        assertThat(c.toString()).contains("payloadBytes=3").doesNotContain("[1, 2, 3]");
        assertThatIllegalArgumentException().isThrownBy(() -> Chunk.of(new byte[0], Duration.ZERO))
                .withMessageContaining("duration");
        assertThatNullPointerException().isThrownBy(() -> Chunk.of(null, FIVE_S)).withMessage("payload");
    }
}
