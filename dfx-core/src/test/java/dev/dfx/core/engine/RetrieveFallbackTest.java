package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.Chunk;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SignalChannel;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.frame.RequestFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: the final result lost with the connection is fetched with {@code 0500} Measurements.Retrieve after a
 * resume (docs/protocol.md §5.5 fallback, §6.3), over the scripted transport with a manual clock.
 */
class RetrieveFallbackTest {
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(30);
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO, RESULT_TIMEOUT);
    private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(100), 2.0,
            Duration.ofSeconds(1), 0.0, 3);
    private static final String CLOSED = "{\"Code\":\"MEASUREMENT_CLOSED\",\"Message\":\"closed\"}";
    private static final String COMPLETE_RECORD = "{\"ID\":\"M\",\"StatusID\":\"COMPLETE\",\"Results\":{"
            + "\"HR_BPM\":[{\"Data\":[721500],\"Multiplier\":10000,\"Notes\":[]}],"
            + "\"BP_SYSTOLIC\":[{\"Data\":[1200000],\"Multiplier\":10000,\"Notes\":[\"NOTE_USED_PRED_DEMOG\"]}]}}";
    private static final String PROCESSING_RECORD = "{\"ID\":\"M\",\"StatusID\":\"PROCESSING\",\"Results\":{}}";

    private static EngineFixture fixture() {
        return new EngineFixture(EngineFixture.config().reconnect(POLICY).build());
    }

    private static Chunk chunk(int i) {
        return Chunk.of(("payload-" + i).getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5));
    }

    private static void ack(ScriptedConnection c, RequestFrame f, int order) {
        c.respond(f, 200, "{\"ID\":\"M:" + order + "\",\"ChunkOrder\":" + order + "}");
    }

    private static RequestFrame lastChunkFrame(ScriptedConnection c) {
        List<RequestFrame> f = c.frames("0506");
        return f.get(f.size() - 1);
    }

    private static ScriptedConnection reconnect(EngineFixture fx) {
        fx.time.advance(Duration.ofMillis(100));
        ScriptedConnection c = fx.transport.last();
        c.respond(c.lastFrame(), 200, "{}");
        return c;
    }

    /** Two chunks; the connection drops while the LAST is in flight; the resent LAST meets MEASUREMENT_CLOSED. */
    private static MeasurementStream lastAcceptedBeforeTheDrop(EngineFixture fx,
                                                               RecordingSubscriber<MeasurementResult> sub) {
        ScriptedConnection c1 = fx.connectReady();
        MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
        m.results().subscribe(sub);
        c1.respond(m.subscriptionId(), 200, "{}");
        m.send(chunk(0));
        m.send(chunk(1));
        ack(c1, lastChunkFrame(c1), 0);
        c1.fail(new DfxConnectionClosedException(1006, "reset", true)); // LAST stored, ack and result lost
        ScriptedConnection c2 = reconnect(fx);
        c2.respond(m.subscriptionId(), 200, "{}");
        c2.respond(lastChunkFrame(c2), 400, CLOSED);
        return m;
    }

    @Test
    void resumeFindingTheLastAccepted_asksRetrieveAtOnce_andCompletesWithTheStoredRecord() {
        try (EngineFixture fx = fixture()) {
            RecordingSubscriber<MeasurementResult> sub = new RecordingSubscriber<>(10);
            MeasurementStream m = lastAcceptedBeforeTheDrop(fx, sub);
            ScriptedConnection c2 = fx.transport.last();

            RequestFrame retrieve = c2.lastFrame();
            assertThat(retrieve.actionId().code()).isEqualTo("0500");
            assertThat(fx.body(retrieve).get("Params")).isEqualTo(Map.of("ID", "M"));
            assertThat(m.completion()).isNotDone();
            c2.respond(retrieve, 200, COMPLETE_RECORD);

            MeasurementSummary s = m.completion().join();
            MeasurementResult r = s.finalResult().orElseThrow();
            assertThat(r.statusId()).isEqualTo("COMPLETE");
            assertThat(r.measurementId()).isEqualTo("M");
            assertThat(r.measurementDataId()).isEqualTo("M:1");
            assertThat(r.multiplier()).isEqualTo(10000);
            assertThat(r.channels()).containsEntry("HR_BPM", new SignalChannel("", List.of(721500L), List.of()))
                    .containsEntry("BP_SYSTOLIC", new SignalChannel("", List.of(1200000L),
                            List.of("NOTE_USED_PRED_DEMOG")));
            assertThat(r.value("HR_BPM")).isEqualTo(72.15);
            assertThat(s.chunksAcked()).isEqualTo(2);
            assertThat(s.results()).containsExactly(r);
            assertThat(sub.items).containsExactly(r);
            assertThat(sub.completed).isTrue();
        }
    }

    @Test
    void retrieveStillProcessing_keepsWaiting_andTheResultTimeoutAsksAgain_thenCompletes() {
        try (EngineFixture fx = fixture()) {
            MeasurementStream m = lastAcceptedBeforeTheDrop(fx, new RecordingSubscriber<>(10));
            ScriptedConnection c2 = fx.transport.last();
            c2.respond(c2.lastFrame(), 200, PROCESSING_RECORD);
            assertThat(m.completion()).isNotDone();
            assertThat(c2.frames("0500")).hasSize(1);

            fx.time.advance(RESULT_TIMEOUT);
            assertThat(c2.frames("0500")).hasSize(2);
            assertThat(m.completion()).isNotDone();
            c2.respond(c2.lastFrame(), 200, COMPLETE_RECORD);

            assertThat(m.completion().join().finalResult()).hasValueSatisfying(r ->
                    assertThat(r.statusId()).isEqualTo("COMPLETE"));
        }
    }

    @Test
    void retrieveNotFoundAtTheResultTimeout_failsWithTheTimeout_andKeepsTheRetrieveFailureSuppressed() {
        try (EngineFixture fx = fixture()) {
            MeasurementStream m = lastAcceptedBeforeTheDrop(fx, new RecordingSubscriber<>(10));
            ScriptedConnection c2 = fx.transport.last();
            c2.respond(c2.lastFrame(), 404, "{\"Code\":\"NOT_FOUND\",\"Message\":\"not served\"}");
            assertThat(m.completion()).isNotDone();

            fx.time.advance(RESULT_TIMEOUT);
            c2.respond(c2.lastFrame(), 404, "{\"Code\":\"NOT_FOUND\",\"Message\":\"not served\"}");

            Throwable t = failure(m.completion());
            assertThat(t).isInstanceOf(DfxTimeoutException.class);
            assertThat(t.getSuppressed()).singleElement().isInstanceOfSatisfying(DfxServerException.class,
                    e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
        }
    }

    @Test
    void retrieveUnansweredAtTheResultTimeout_failsWithTheTimeoutOnceTheRetrieveTimesOut() {
        try (EngineFixture fx = fixture()) {
            MeasurementStream m = lastAcceptedBeforeTheDrop(fx, new RecordingSubscriber<>(10));
            ScriptedConnection c2 = fx.transport.last();
            c2.respond(c2.lastFrame(), 200, PROCESSING_RECORD);

            fx.time.advance(RESULT_TIMEOUT);
            assertThat(m.completion()).isNotDone();
            fx.time.advance(fx.config.requestTimeout());

            Throwable t = failure(m.completion());
            assertThat(t).isInstanceOf(DfxTimeoutException.class);
            assertThat(t.getSuppressed()).singleElement().isInstanceOf(DfxTimeoutException.class);
        }
    }

    @Test
    void streamResultArrivingWhileRetrieveIsInFlight_completesTheStream_andTheLateAnswerIsIgnored() {
        try (EngineFixture fx = fixture()) {
            MeasurementStream m = lastAcceptedBeforeTheDrop(fx, new RecordingSubscriber<>(10));
            ScriptedConnection c2 = fx.transport.last();
            RequestFrame retrieve = c2.lastFrame();
            c2.respond(m.subscriptionId(), 200, "{\"MeasurementID\":\"M\",\"MeasurementDataID\":\"M:1\","
                    + "\"MeasurementResultID\":\"R1\",\"Multiplier\":10000,\"Channels\":{},\"StatusID\":\"COMPLETE\"}");
            c2.respond(retrieve, 200, COMPLETE_RECORD);

            MeasurementSummary s = m.completion().join();
            assertThat(s.finalResult()).hasValueSatisfying(r ->
                    assertThat(r.measurementResultId()).isEqualTo("R1"));
            assertThat(s.results()).hasSize(1);
        }
    }

    @Test
    void lastAckedBeforeTheDrop_resubscribeAsksRetrieve_andCompletesWithTheStoredRecord() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            ack(c1, lastChunkFrame(c1), 0);
            c1.fail(new DfxConnectionClosedException(1006, "reset", true)); // final result lost

            ScriptedConnection c2 = reconnect(fx);
            assertThat(c2.lastFrame().actionId().code()).isEqualTo("0510");
            c2.respond(m.subscriptionId(), 200, "{}");
            RequestFrame retrieve = c2.lastFrame();
            assertThat(retrieve.actionId().code()).isEqualTo("0500");
            c2.respond(retrieve, 200, COMPLETE_RECORD);

            assertThat(m.completion().join().finalResult()).hasValueSatisfying(r ->
                    assertThat(r.measurementDataId()).isEqualTo("M:0"));
            assertThat(c2.frames("0506")).isEmpty();
        }
    }

    @Test
    void streamThatNeverLostItsConnection_failsAtTheResultTimeoutWithoutAskingRetrieve() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            ack(c1, lastChunkFrame(c1), 0);

            fx.time.advance(RESULT_TIMEOUT);

            assertThat(failure(m.completion())).isInstanceOf(DfxTimeoutException.class);
            assertThat(c1.frames("0500")).isEmpty();
        }
    }
}
