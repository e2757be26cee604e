package dev.dfx.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.MeasurementAction;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SubscribeRequest;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxInvalidMeasurementException;
import dev.dfx.core.error.DfxMeasurementClosedException;
import dev.dfx.core.error.DfxMisalignedChunkException;
import dev.dfx.core.error.DfxRateLimitException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.error.DfxUnpackerException;
import dev.dfx.core.port.BodyCodec;
import dev.dfx.core.port.Transport;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.RecordedFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End-to-end measurements through {@link DfxClient} against {@link FakeDfxServer}, for any transport (issues 2, 3
 * and 4). A subclass supplies only {@link #newTransport()}; the server listens on a loopback socket and is also
 * registered in memory under the same URI, so the same test body runs in memory, over Jetty and over Netty.
 */
public abstract class MeasurementContract {
    private static final String TOKEN = "e2e-token";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final BodyCodec codec = JacksonBodyCodec.create();
    private FakeDfxServer server;
    private Transport transport;
    private final List<DfxClient> clients = new ArrayList<>();

    /** @return a new transport under test; the suite closes it */
    protected abstract Transport newTransport();

    @BeforeEach
    void startServer() {
        server = FakeDfxServer.builder().tokens(TOKEN).socket(0).build().start();
        transport = newTransport();
    }

    @AfterEach
    void stopAll() {
        clients.forEach(DfxClient::close);
        transport.close();
        server.close();
    }

    private DfxClient client(String token) {
        DfxClientConfig config = DfxClientConfig.builder().uri(server.uri()).userToken(token)
                .pacingBurst(Duration.ZERO).requestTimeout(Duration.ofSeconds(10)).build();
        DfxClient c = DfxClient.builder().transport(transport).codec(codec).config(config).build();
        clients.add(c);
        return c;
    }

    private DfxClient connected() throws Exception {
        DfxClient c = client(TOKEN);
        c.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return c;
    }

    private static Chunk chunk(int i) {
        byte[] payload = new byte[512];
        for (int b = 0; b < payload.length; b++) {
            payload[b] = (byte) (i * 31 + b);
        }
        return Chunk.of(payload, Duration.ofMillis(100));
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("future did not complete in " + WAIT, e);
        }
        throw new AssertionError("future succeeded, a failure was expected");
    }

    private List<RecordedFrame> received(ActionId action) {
        List<RecordedFrame> out = new ArrayList<>();
        for (RecordedFrame f : server.receivedFrames()) {
            if (action.equals(f.action())) {
                out.add(f);
            }
        }
        return out;
    }

    /** Auth, subscribe, 6 paced chunks, 6 results in order, completion on the final StatusID. */
    @Test
    void sixChunkMeasurement_completesWithSixResultsInOrder() throws Exception {
        String id = server.createMeasurement();
        DfxClient c = connected();
        MeasurementStream stream = c.startMeasurement(id, 6);
        List<MeasurementResult> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> publisherDone = new CompletableFuture<>();
        stream.results().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(MeasurementResult item) {
                seen.add(item);
            }

            @Override
            public void onError(Throwable t) {
                publisherDone.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                publisherDone.complete(null);
            }
        });
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            acks.add(stream.send(chunk(i)));
        }
        MeasurementSummary summary = stream.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        publisherDone.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(summary.chunksAcked()).isEqualTo(6);
        assertThat(summary.results()).hasSize(6);
        assertThat(summary.finalResult()).hasValueSatisfying(r -> assertThat(r.statusId()).isEqualTo("COMPLETE"));
        assertThat(seen).extracting(r -> r.chunkOrder().getAsInt()).containsExactly(0, 1, 2, 3, 4, 5);
        for (CompletableFuture<?> ack : acks) {
            assertThat(ack).isCompleted();
        }

        // What the server saw: login first, a subscription whose RequestID is its frame id, then six ordered chunks.
        List<RecordedFrame> frames = server.receivedFrames();
        assertThat(frames.get(0).action()).isEqualTo(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
        RecordedFrame subscribe = received(ActionId.MEASUREMENTS_SUBSCRIBE).get(0);
        SubscribeRequest s = codec.decode(subscribe.body(), SubscribeRequest.class);
        assertThat(s.requestId()).isEqualTo(subscribe.requestId().value());
        assertThat(s.measurementId()).isEqualTo(id);
        List<MeasurementAction> actions = new ArrayList<>();
        List<Integer> orders = new ArrayList<>();
        for (RecordedFrame f : received(ActionId.MEASUREMENTS_ADD_DATA)) {
            AddDataRequest a = codec.decode(f.body(), AddDataRequest.class);
            actions.add(a.action());
            orders.add(a.chunkOrder());
            assertThat(a.payload()).isEqualTo(chunk(a.chunkOrder()).payload());
        }
        assertThat(actions).containsExactly(MeasurementAction.FIRST_PROCESS, MeasurementAction.CHUNK_PROCESS,
                MeasurementAction.CHUNK_PROCESS, MeasurementAction.CHUNK_PROCESS, MeasurementAction.CHUNK_PROCESS,
                MeasurementAction.LAST_PROCESS);
        assertThat(orders).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(server.measurement(id)).hasValueSatisfying(m -> assertThat(m.closed()).isTrue());
    }

    /** A single-chunk measurement is LAST::PROCESS alone (docs/protocol.md §4.2). */
    @Test
    void singleChunkMeasurement_sendsLastOnly() throws Exception {
        String id = server.createMeasurement();
        MeasurementStream stream = connected().startMeasurement(id, 1);
        stream.send(chunk(0));
        MeasurementSummary summary = stream.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(summary.chunksAcked()).isEqualTo(1);
        List<RecordedFrame> chunks = received(ActionId.MEASUREMENTS_ADD_DATA);
        assertThat(chunks).hasSize(1);
        assertThat(codec.decode(chunks.get(0).body(), AddDataRequest.class).action())
                .isEqualTo(MeasurementAction.LAST_PROCESS);
    }

    /** A RATE_LIMIT on a chunk is waited out and the same chunk is sent again; nothing is skipped. */
    @Test
    void rateLimitedChunk_isResentAndTheMeasurementCompletes() throws Exception {
        String id = server.createMeasurement();
        MeasurementStream stream = connected().startMeasurement(id, 3);
        stream.subscribed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        server.failNext(ActionId.MEASUREMENTS_ADD_DATA, 429, "RATE_LIMIT");
        for (int i = 0; i < 3; i++) {
            stream.send(chunk(i));
        }
        MeasurementSummary summary = stream.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(summary.chunksAcked()).isEqualTo(3);
        List<Integer> orders = new ArrayList<>();
        for (RecordedFrame f : received(ActionId.MEASUREMENTS_ADD_DATA)) {
            orders.add(codec.decode(f.body(), AddDataRequest.class).chunkOrder());
        }
        assertThat(orders).containsExactly(0, 0, 1, 2);
    }

    @Test
    void badToken_failsConnectWithAuthenticationException() throws Exception {
        Throwable t = failureOf(client("not-the-token").connect());
        assertThat(t).isInstanceOf(DfxAuthenticationException.class);
        assertThat(((DfxServerException) t).status()).isEqualTo(401);
        assertThat(((DfxServerException) t).code()).isEqualTo("INVALID_TOKEN");
        assertThat(t.getMessage()).doesNotContain("not-the-token");
    }

    @Test
    void unknownMeasurement_failsTheStreamWithInvalidMeasurement() throws Exception {
        MeasurementStream stream = connected().startMeasurement("no-such-measurement", 2);
        assertThat(failureOf(stream.subscribed())).isInstanceOf(DfxInvalidMeasurementException.class);
        assertThat(failureOf(stream.completion())).isInstanceOf(DfxInvalidMeasurementException.class);
    }

    @Test
    void emptyPayload_failsTheStreamWithUnpackerError() throws Exception {
        String id = server.createMeasurement();
        MeasurementStream stream = connected().startMeasurement(id, 2);
        CompletableFuture<?> ack = stream.send(Chunk.of(new byte[0], Duration.ofMillis(100)));
        assertThat(failureOf(ack)).isInstanceOf(DfxUnpackerException.class);
        assertThat(failureOf(stream.completion())).isInstanceOf(DfxUnpackerException.class);
    }

    @Test
    void rateLimit_throughSendMessage_isATypedException() throws Exception {
        String id = server.createMeasurement();
        DfxClient c = connected();
        server.failNext(ActionId.MEASUREMENTS_ADD_DATA, 429, "RATE_LIMIT");
        Throwable t = failureOf(c.sendMessage(ActionId.MEASUREMENTS_ADD_DATA, addData(id,
                MeasurementAction.FIRST_PROCESS, 0)));
        assertThat(t).isInstanceOf(DfxRateLimitException.class);
        assertThat(((DfxServerException) t).status()).isEqualTo(429);
        assertThat(((DfxServerException) t).actionId()).isEqualTo(ActionId.MEASUREMENTS_ADD_DATA);
    }

    @Test
    void misalignedChunk_isATypedException() throws Exception {
        String id = server.createMeasurement();
        DfxClient c = connected();
        c.sendMessage(ActionId.MEASUREMENTS_ADD_DATA, addData(id, MeasurementAction.FIRST_PROCESS, 0))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Throwable t = failureOf(c.sendMessage(ActionId.MEASUREMENTS_ADD_DATA,
                addData(id, MeasurementAction.CHUNK_PROCESS, 2)));
        assertThat(t).isInstanceOf(DfxMisalignedChunkException.class);
        assertThat(((DfxServerException) t).status()).isEqualTo(400);
    }

    @Test
    void chunkAfterLast_isMeasurementClosed() throws Exception {
        String id = server.createMeasurement();
        DfxClient c = connected();
        c.sendMessage(ActionId.MEASUREMENTS_ADD_DATA, addData(id, MeasurementAction.LAST_PROCESS, 0))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Throwable t = failureOf(c.sendMessage(ActionId.MEASUREMENTS_ADD_DATA,
                addData(id, MeasurementAction.CHUNK_PROCESS, 1)));
        assertThat(t).isInstanceOf(DfxMeasurementClosedException.class);
    }

    @Test
    void badArgument_failsFastAndNothingIsSent() throws Exception {
        DfxClient c = connected();
        int before = server.receivedFrames().size();
        assertThatThrownBy(() -> c.sendMessage(null, java.util.Map.of())).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("actionId");
        assertThatThrownBy(() -> c.startMeasurement("m", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunkCount");
        // A status request round-trips afterwards, so the connection is still usable and nothing else went out.
        assertThat(c.sendMessage(ActionId.GENERAL_STATUS, java.util.Map.of()).get(WAIT.toSeconds(),
                TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(server.receivedFrames()).hasSize(before + 1);
    }

    private static AddDataRequest addData(String id, MeasurementAction action, int order) {
        return new AddDataRequest(id, action, ByteBuffer.wrap(new byte[] {1, 2, 3}), order, null, null, 0.1, null);
    }
}
