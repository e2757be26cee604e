package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.dfx.core.ActionId;
import dev.dfx.core.CloseEvent;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.ListenerRegistration;
import dev.dfx.core.RequestId;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxInvalidMeasurementException;
import dev.dfx.core.error.DfxMeasurementClosedException;
import dev.dfx.core.error.DfxMisalignedChunkException;
import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.error.DfxRateLimitException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxUnpackerException;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.RequestFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DfxClientRequestTest {

    @Test
    void responsesAnsweredOutOfOrder_completeTheirOwnRequests() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> a = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            CompletableFuture<DfxMessage> b = fx.client.sendMessage(ActionId.GENERAL_REGIONS, Map.of("k", "v"));
            CompletableFuture<DfxMessage> d = fx.client.sendMessage(ActionId.GENERAL_VERIFY_TOKEN, Map.of());
            RequestFrame fa = c.frame(1);
            RequestFrame fb = c.frame(2);
            RequestFrame fd = c.frame(3);
            assertThat(fa.actionId()).isEqualTo(ActionId.GENERAL_STATUS);
            assertThat(fb.actionId()).isEqualTo(ActionId.GENERAL_REGIONS);
            assertThat(fx.body(fb)).containsEntry("k", "v");
            assertThat(List.of(fa.requestId(), fb.requestId(), fd.requestId())).doesNotHaveDuplicates();

            c.respond(fd, 200, "{\"n\":3}");
            c.respond(fa, 200, "{\"n\":1}");
            assertThat(b).isNotDone();
            c.respond(fb, 200, "{\"n\":2}");

            assertThat(a.join().body()).containsEntry("n", 1L);
            assertThat(b.join().body()).containsEntry("n", 2L);
            assertThat(d.join().body()).containsEntry("n", 3L);
            assertThat(a.join().requestId()).isEqualTo(fa.requestId());
            assertThat(a.join().actionId()).contains(ActionId.GENERAL_STATUS);
            assertThat(fx.errors).isEmpty();
        }
    }

    @Test
    void collidingRandomGenerator_redrawsUntilTheIdIsUniqueAmongRequestsInFlight() {
        // Letters drawn for: login (AAAAAA), request 1 (AAAAAB), request 2 (AAAAAB again, then AAAAAC).
        int[] letters = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2};
        DfxClientConfig cfg = EngineFixture.config().build();
        try (EngineFixture fx = new EngineFixture(cfg, Runnable::run, new ScriptedRandom(letters),
                new ScriptedTransport())) {
            ScriptedConnection c = fx.connectReady();
            assertThat(c.frame(0).requestId().value()).isEqualTo("0718AAAAAA");
            fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            assertThat(c.frame(1).requestId().value()).isEqualTo("0100AAAAAB");
            assertThat(c.frame(2).requestId().value()).isEqualTo("0100AAAAAC");
        }
    }

    @Test
    void requestWithoutAnswer_failsWithTimeoutAtItsOwnTimeout_andALateAnswerIsAnUnknownId() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                    Duration.ofSeconds(2));
            fx.time.advance(Duration.ofMillis(1999));
            assertThat(f).isNotDone();
            fx.time.advance(Duration.ofMillis(1));
            Throwable t = failure(f);
            assertThat(t).isInstanceOf(DfxTimeoutException.class);
            assertThat(((DfxTimeoutException) t).limit()).isEqualTo(Duration.ofSeconds(2));

            c.respond(c.lastFrame(), 200, "{}");
            assertThat(fx.errors).singleElement().isInstanceOf(DfxProtocolException.class)
                    .extracting(Throwable::getMessage).asString().contains("unknown request id");
        }
    }

    @Test
    void defaultTimeout_isTheConfiguredRequestTimeout() {
        DfxClientConfig cfg = EngineFixture.config().requestTimeout(Duration.ofSeconds(7)).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            fx.time.advance(Duration.ofMillis(6999));
            assertThat(f).isNotDone();
            fx.time.advance(Duration.ofMillis(1));
            assertThat(failure(f)).isInstanceOf(DfxTimeoutException.class);
        }
    }

    @Test
    void moreThanMaxPendingRequests_failsFastWithNothingSent() {
        DfxClientConfig cfg = EngineFixture.config().maxPendingRequests(2).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> a = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            CompletableFuture<DfxMessage> third = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            assertThat(failure(third)).isExactlyInstanceOf(DfxException.class)
                    .hasMessageContaining("maxPendingRequests 2");
            assertThat(c.frames()).hasSize(3); // login + 2

            c.respond(c.frame(1), 200, "{}");
            assertThat(a).isCompleted();
            CompletableFuture<DfxMessage> again = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            assertThat(again).isNotDone();
            assertThat(c.frames()).hasSize(4);
        }
    }

    @Test
    void badArguments_throwNpeOrIaeNamingThem_andNothingIsSent() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            assertThatNullPointerException().isThrownBy(() -> fx.client.sendMessage(null, Map.of()))
                    .withMessage("actionId");
            assertThatNullPointerException().isThrownBy(() -> fx.client.sendMessage(ActionId.GENERAL_STATUS, null))
                    .withMessage("body");
            assertThatNullPointerException().isThrownBy(() -> fx.client.sendMessage(ActionId.GENERAL_STATUS,
                    Map.of(), null)).withMessage("timeout");
            assertThatIllegalArgumentException().isThrownBy(() -> fx.client.sendMessage(ActionId.GENERAL_STATUS,
                    Map.of(), Duration.ZERO)).withMessageContaining("timeout");
            assertThatIllegalArgumentException().isThrownBy(() -> fx.client.sendMessage(ActionId.GENERAL_STATUS,
                    new Object())).withMessageStartingWith("body");
            assertThatNullPointerException().isThrownBy(() -> fx.client.startMeasurement(null, 1))
                    .withMessage("measurementId");
            assertThatIllegalArgumentException().isThrownBy(() -> fx.client.startMeasurement(" ", 1))
                    .withMessageContaining("measurementId");
            assertThatIllegalArgumentException().isThrownBy(() -> fx.client.startMeasurement("M", 0))
                    .withMessageContaining("chunkCount");
            assertThatNullPointerException().isThrownBy(() -> fx.client.onMessage(null)).withMessage("listener");
            assertThat(c.frames()).hasSize(1);
        }
    }

    static Stream<Arguments> errorCodes() {
        return Stream.of(
                Arguments.of(Named.of("RATE_LIMIT", 429), "RATE_LIMIT", DfxRateLimitException.class),
                Arguments.of(Named.of("MEASUREMENT_CLOSED", 400), "MEASUREMENT_CLOSED",
                        DfxMeasurementClosedException.class),
                Arguments.of(Named.of("MISALIGNED_CHUNK", 400), "MISALIGNED_CHUNK", DfxMisalignedChunkException.class),
                Arguments.of(Named.of("INVALID_MEASUREMENT", 404), "INVALID_MEASUREMENT",
                        DfxInvalidMeasurementException.class),
                Arguments.of(Named.of("UNPACKER_RPC_ERROR", 400), "UNPACKER_RPC_ERROR", DfxUnpackerException.class),
                Arguments.of(Named.of("401 TOKEN_EXPIRED", 401), "TOKEN_EXPIRED", DfxAuthenticationException.class),
                Arguments.of(Named.of("unknown code", 403), "SOMETHING_NEW", DfxServerException.class));
    }

    @ParameterizedTest
    @MethodSource("errorCodes")
    void errorStatus_failsWithTheTypedExceptionForItsCode(int status, String code,
                                                           Class<? extends DfxServerException> type) {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.MEASUREMENTS_ADD_DATA, Map.of());
            RequestFrame req = c.lastFrame();
            c.respond(req, status, "{\"Code\":\"" + code + "\",\"Message\":\"details here\",\"Extra\":1}");

            Throwable t = failure(f);
            assertThat(t).isExactlyInstanceOf(type);
            DfxServerException e = (DfxServerException) t;
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.serverMessage()).isEqualTo("details here");
            assertThat(e.actionId()).isEqualTo(ActionId.MEASUREMENTS_ADD_DATA);
            assertThat(e.requestId()).isEqualTo(req.requestId());
        }
    }

    @Test
    void errorStatusWithNonJsonBody_failsWithEmptyCodeAndAShortMessage() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            c.respond(c.lastFrame(), 502, "<html>bad gateway</html>");
            DfxServerException e = (DfxServerException) failure(f);
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEmpty();
            assertThat(e.serverMessage()).contains("not JSON").doesNotContain("html");
            assertThat(e.isServerSide()).isTrue();
        }
    }

    @Test
    void malformedAndUnknownIdFrames_goToOnError_andTheClientStaysUsable() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            c.pushBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            c.respond(new RequestId("0100ZZZZZZ"), 200, "{}");
            c.pushBinary(EngineFixture.bytes("0100ABCDEF2x0{}"));

            assertThat(fx.errors).hasSize(3).allMatch(e -> e instanceof DfxProtocolException);
            assertThat(fx.errors.get(1)).hasMessageContaining("unknown request id 0100ZZZZZZ");

            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            c.respond(c.lastFrame(), 200, "{\"ok\":true}");
            assertThat(f.join().body()).containsEntry("ok", true);
        }
    }

    @Test
    void textFrames_areAcceptedLikeBinaryOnes() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            c.pushText(c.lastFrame().requestId().value() + "200{\"StatusID\":\"ACTIVE\"}");
            DfxMessage m = f.join();
            assertThat(m.status()).isEqualTo(200);
            assertThat(m.bodyText()).isEqualTo("{\"StatusID\":\"ACTIVE\"}");
        }
    }

    @Test
    void serverClose_failsEveryPendingRequestWithConnectionClosed_onceAndRemote() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> a = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            CompletableFuture<DfxMessage> b = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            c.serverClose(1001, "going away");
            c.serverClose(1001, "going away"); // a misbehaving transport: the second terminal event is ignored

            for (CompletableFuture<DfxMessage> f : List.of(a, b)) {
                DfxConnectionClosedException e = (DfxConnectionClosedException) failure(f);
                assertThat(e.code()).isEqualTo(1001);
                assertThat(e.reason()).isEqualTo("going away");
                assertThat(e.remote()).isTrue();
            }
            assertThat(fx.closes).containsExactly(new CloseEvent(1001, "going away", true));
        }
    }

    @Test
    void transportFailure_isReportedToOnError_andFailsPendingWith1006() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> a = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            c.fail(new java.io.IOException("connection reset"));
            DfxConnectionClosedException e = (DfxConnectionClosedException) failure(a);
            assertThat(e.code()).isEqualTo(1006);
            assertThat(fx.errors).singleElement().isInstanceOf(DfxException.class)
                    .extracting(Throwable::getCause).isInstanceOf(java.io.IOException.class);
            assertThat(fx.closes).extracting(CloseEvent::code).containsExactly(1006);
        }
    }

    @Test
    void onMessage_seesEveryInboundMessageInArrivalOrder() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            fx.client.sendMessage(ActionId.GENERAL_REGIONS, Map.of());
            c.respond(c.frame(2), 200, "{}");
            c.respond(c.frame(1), 404, "{\"Code\":\"NOT_FOUND\"}");
            assertThat(fx.messages).extracting(DfxMessage::requestId).containsExactly(c.frame(0).requestId(),
                    c.frame(2).requestId(), c.frame(1).requestId());
            assertThat(fx.messages.get(2).isError()).isTrue();
            assertThat(fx.messages.get(2).actionId()).contains(ActionId.GENERAL_STATUS);
        }
    }

    @Test
    void throwingListeners_areIsolated_andTheEngineKeepsWorking() {
        try (EngineFixture fx = new EngineFixture()) {
            List<String> seen = new ArrayList<>();
            fx.client.onMessage(m -> {
                throw new IllegalStateException("listener bug");
            });
            ListenerRegistration second = fx.client.onMessage(m -> seen.add(m.requestId().value()));
            fx.client.onClose(e -> {
                throw new IllegalStateException("listener bug");
            });
            fx.client.onConnectionEvent(e -> {
                throw new IllegalStateException("listener bug");
            });
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            c.respond(c.lastFrame(), 200, "{}");
            assertThat(f).isCompleted();
            assertThat(seen).hasSize(2);

            second.close();
            second.close();
            CompletableFuture<DfxMessage> g = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            c.respond(c.lastFrame(), 200, "{}");
            assertThat(g).isCompleted();
            assertThat(seen).hasSize(2);

            fx.client.disconnect();
            assertThat(fx.closes).hasSize(1);
        }
    }

    @Test
    void dfxMessage_exposesIdsStatusAndLazilyDecodedBody_andToStringHidesTheBody() {
        TestBodyCodec codec = new TestBodyCodec();
        DfxMessage m = DfxMessage.of(new RequestId("0506AbCdEf"), 200,
                EngineFixture.bytes("{\"ID\":\"M:0\",\"ChunkOrder\":0,\"secret\":\"s3cr3t\"}"), codec);
        assertThat(m.actionId()).contains(ActionId.MEASUREMENTS_ADD_DATA);
        assertThat(m.isError()).isFalse();
        assertThat(m.body()).containsEntry("ID", "M:0");
        assertThat(m.body()).isSameAs(m.body());
        assertThat(m.bodyAs(dev.dfx.core.body.ChunkAck.class).chunkOrder()).isZero();
        assertThat(m.rawBody().isReadOnly()).isTrue();
        assertThat(m.toString()).contains("0506AbCdEf").contains("200").doesNotContain("s3cr3t");
        DfxMessage py = DfxMessage.of(new RequestId("kQzXaBcDeF"), 500, ByteBuffer.allocate(0), codec);
        assertThat(py.actionId()).isEmpty();
        assertThat(py.isError()).isTrue();
    }

    @Test
    void requestFrames_carryActionAndIdInTheHeaderAndTheBodyBehindIt() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of("a", "é"));
            RequestFrame f = c.lastFrame();
            assertThat(f.requestId().value()).matches("0100[A-Za-z]{6}");
            assertThat(java.nio.charset.StandardCharsets.US_ASCII.decode(f.body()).toString())
                    .isEqualTo("{\"a\":\"\\u00e9\"}");
            assertThat(FrameCodec.REQUEST_HEADER_BYTES).isEqualTo(14);
        }
    }

    /** Returns scripted letter indices from {@code nextInt(bound)}, then falls back to a seeded generator. */
    static final class ScriptedRandom implements RandomGenerator {
        private final int[] script;
        private final SplittableRandom fallback = new SplittableRandom(7);
        private int i;

        ScriptedRandom(int... script) {
            this.script = script;
        }

        @Override
        public int nextInt(int bound) {
            return i < script.length ? script[i++] : fallback.nextInt(bound);
        }

        @Override
        public long nextLong() {
            return fallback.nextLong();
        }
    }
}
