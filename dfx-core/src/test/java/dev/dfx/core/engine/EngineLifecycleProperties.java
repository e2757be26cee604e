package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.frame.RequestFrame;
import dev.dfx.core.internal.ClientEngine;
import dev.dfx.core.internal.ConnectionLifecycle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Issue 12 item 6: random sequences of events (server frames, results, errors, drops, close codes, refused connects,
 * time passing, user calls) driven through the engine with a scripted transport and a manual scheduler. After every
 * step the state moved only along {@link ConnectionLifecycle}'s table; a CLOSED or FAILED client has no attempt
 * scheduled behind the app's back; a RECONNECTING client refuses connect(). At the end (close, then time) every
 * future the engine ever handed out is complete: none is left hanging.
 */
class EngineLifecycleProperties {
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(30));
    private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(100), 2.0,
            Duration.ofSeconds(1), 0.0, 3);

    enum Kind {
        CONNECT, DISCONNECT, REQUEST, START, CHUNK, CANCEL,
        ANSWER_OK, ANSWER_5XX, ANSWER_401, RESULT_FINAL, RESULT_WORKER_ERROR,
        DROP, SERVER_CLOSE, FAIL_NEXT_CONNECT, PONG, ADVANCE
    }

    record Step(Kind kind, int n) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        // Weighted so that deep paths (logged in, subscribed, chunks in flight, results, drops) are common.
        Arbitrary<Kind> kind = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Kind.ANSWER_OK)), Tuple.of(4, Arbitraries.just(Kind.CHUNK)),
                Tuple.of(2, Arbitraries.just(Kind.START)), Tuple.of(2, Arbitraries.just(Kind.RESULT_WORKER_ERROR)),
                Tuple.of(2, Arbitraries.just(Kind.RESULT_FINAL)), Tuple.of(2, Arbitraries.just(Kind.DROP)),
                Tuple.of(3, Arbitraries.just(Kind.ADVANCE)), Tuple.of(1, Arbitraries.of(Kind.class)));
        Arbitrary<Step> step = Combinators.combine(kind, Arbitraries.integers().between(0, 5)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 400)
    void everyStepFollowsTheTable_andEveryFutureCompletesOnce(@ForAll("steps") List<Step> steps) {
        Harness h = new Harness();
        h.connect();
        for (Step s : steps) {
            ConnectionState before = h.engine.state();
            h.apply(s);
            ConnectionState after = h.engine.state();
            assertThat(h.engine.illegalTransitions()).as("illegal transition at %s (%s -> %s)", s, before, after)
                    .isZero();
            if (after == ConnectionState.RECONNECTING) {
                int n = h.transport.connections.size();
                CompletableFuture<Void> racing = h.engine.connect();
                assertThat(racing).as("connect() while RECONNECTING").isCompletedExceptionally();
                assertThat(h.transport.connections).hasSize(n);
            }
            if (after == ConnectionState.CLOSED || after == ConnectionState.FAILED) {
                int n = h.transport.specs.size();
                h.time.advance(Duration.ofHours(1));
                assertThat(h.transport.specs).as("an attempt ran while %s", after).hasSize(n);
                assertThat(h.engine.state()).isEqualTo(after);
            }
        }
        h.engine.shutdown();
        h.time.advance(Duration.ofHours(1));
        h.engine.forceClose();
        h.time.advance(Duration.ofHours(1));
        assertThat(h.engine.state()).isIn(ConnectionState.CLOSED, ConnectionState.FAILED, ConnectionState.NEW);
        assertThat(h.engine.illegalTransitions()).isZero();
        for (int i = 0; i < h.futures.size(); i++) {
            assertThat(h.futures.get(i)).as("future %s (%s) after close", i, h.labels.get(i)).isDone();
        }
    }

    /** Plays the server and the app against one engine; records every future it is handed. */
    private static final class Harness {
        final ManualScheduler time = new ManualScheduler();
        final ScriptedTransport transport = new ScriptedTransport();
        final TestBodyCodec codec = new TestBodyCodec();
        final ClientEngine engine;
        final List<CompletableFuture<?>> futures = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        final Map<ScriptedConnection, Integer> answered = new HashMap<>();
        final List<MeasurementStream> streams = new ArrayList<>();
        final Map<MeasurementStream, Integer> sent = new HashMap<>();

        Harness() {
            DfxClientConfig config = DfxClientConfig.builder().uri("ws://127.0.0.1:9/").deviceToken("device-token")
                    .heartbeatInterval(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(3))
                    .connectTimeout(Duration.ofSeconds(2)).reconnect(POLICY).build();
            engine = new ClientEngine(transport, codec, config, time, time, time, Runnable::run, new SplittableRandom(7));
        }

        void track(String label, CompletableFuture<?> f) {
            futures.add(f);
            labels.add(label);
        }

        void connect() {
            track("connect", engine.connect());
        }

        ScriptedConnection last() {
            return transport.connections.isEmpty() ? null : transport.last();
        }

        /** @return the oldest frame on the last connection not answered yet, or null */
        RequestFrame nextUnanswered(ScriptedConnection c) {
            int i = answered.getOrDefault(c, 0);
            List<RequestFrame> frames = c.frames();
            if (i >= frames.size()) {
                return null;
            }
            answered.put(c, i + 1);
            return frames.get(i);
        }

        void apply(Step s) {
            ScriptedConnection c = last();
            switch (s.kind()) {
                case CONNECT -> connect();
                case DISCONNECT -> track("disconnect", engine.disconnect());
                case REQUEST -> track("request", engine.sendMessage(ActionId.GENERAL_STATUS, Map.of(),
                        Duration.ofSeconds(3)));
                case START -> {
                    MeasurementStream m = engine.startMeasurement("M" + streams.size(), 2, UNPACED);
                    streams.add(m);
                    track("subscribed", m.subscribed());
                    track("completion", m.completion());
                }
                case CHUNK -> {
                    if (!streams.isEmpty()) {
                        MeasurementStream m = streams.get(s.n() % streams.size());
                        int k = sent.getOrDefault(m, 0);
                        if (k < m.chunkCount()) {
                            sent.put(m, k + 1);
                            track("chunk " + k, m.send(Chunk.of(("c" + k).getBytes(StandardCharsets.US_ASCII),
                                    Duration.ofSeconds(1))));
                        }
                    }
                }
                case CANCEL -> {
                    if (!streams.isEmpty()) {
                        streams.get(s.n() % streams.size()).cancel();
                    }
                }
                case ANSWER_OK, ANSWER_5XX, ANSWER_401 -> answer(c, s.kind());
                case RESULT_FINAL, RESULT_WORKER_ERROR -> {
                    if (c != null && !c.frames("0510").isEmpty()) {
                        List<RequestFrame> subs = c.frames("0510");
                        RequestFrame sub = subs.get(s.n() % subs.size());
                        String body = s.kind() == Kind.RESULT_FINAL
                                ? "{\"MeasurementDataID\":\"M:1\",\"StatusID\":\"COMPLETE\",\"Error\":{\"Code\":\"OK\"}}"
                                : "{\"MeasurementDataID\":\"M:0\",\"Error\":{\"Code\":\"WORKER_ERROR\"}}";
                        c.respond(sub, 200, body);
                    }
                }
                case DROP -> {
                    if (c != null && c.open) {
                        c.fail(new DfxConnectionClosedException(1006, "reset", true));
                    }
                }
                case SERVER_CLOSE -> {
                    if (c != null && c.open) {
                        int[] codes = {1000, 1001, 1011, 1012, 1013, 4000};
                        c.serverClose(codes[s.n()], "bye");
                    }
                }
                case FAIL_NEXT_CONNECT -> transport.failNextConnect(new DfxTransportException("refused", null, true));
                case PONG -> {
                    if (c != null && c.open) {
                        c.pong();
                    }
                }
                case ADVANCE -> {
                    long[] ms = {10, 100, 500, 1000, 3000, 6000};
                    time.advance(Duration.ofMillis(ms[s.n()]));
                }
                default -> throw new AssertionError(s);
            }
        }

        private void answer(ScriptedConnection c, Kind kind) {
            if (c == null || !c.open) {
                return;
            }
            RequestFrame f = nextUnanswered(c);
            if (f == null) {
                return;
            }
            if (kind == Kind.ANSWER_5XX) {
                c.respond(f, 503, "{\"Code\":\"SERVICE_UNAVAILABLE\",\"Message\":\"busy\"}");
                return;
            }
            if (kind == Kind.ANSWER_401) {
                c.respond(f, 401, "{\"Code\":\"INVALID_TOKEN\",\"Message\":\"no\"}");
                return;
            }
            if (f.actionId().code().equals("0506")) {
                int order = codec.decode(f.body(), AddDataRequest.class).chunkOrder();
                c.respond(f, 200, "{\"ID\":\"M:" + order + "\",\"ChunkOrder\":" + order + "}");
            } else {
                c.respond(f, 200, "{}");
            }
        }
    }
}
