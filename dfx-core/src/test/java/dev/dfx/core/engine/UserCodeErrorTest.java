package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.internal.SerialExecutor;
import dev.dfx.core.frame.RequestFrame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 12 item 7: user code that throws an {@link Error} is contained; the engine's own steps always finish. */
class UserCodeErrorTest {
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(30));

    /** Issue 12 item 7: an Error from a task stranded every task queued behind it (a lost wake-up). */
    @Test
    void serialExecutor_aTaskThrowingAnError_doesNotStrandTheTasksBehindIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            CompletableFuture<Void> blocker = new CompletableFuture<>();
            CompletableFuture<String> after = new CompletableFuture<>();
            serial.execute(() -> blocker.join());
            serial.execute(() -> {
                throw new AssertionError("user code");
            });
            serial.execute(() -> after.complete("ran"));
            blocker.complete(null);
            assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Issue 12 item 7: an onMessage listener throwing an Error made the response it saw (and those behind it) never
     * reach their futures.
     */
    @Test
    void listenerThrowingAnError_isContained_andResponsesStillReachTheirFutures() throws Exception {
        ExecutorService engine = Executors.newSingleThreadExecutor();
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().build(), engine, new SplittableRandom(1),
                new ScriptedTransport())) {
            CompletableFuture<Void> connected = fx.client.connect();
            ScriptedConnection c = awaitConnection(fx.transport);
            c.respond(c.takeFrame(Duration.ofSeconds(5)), 200, "{}");
            connected.get(5, TimeUnit.SECONDS);
            AtomicInteger seen = new AtomicInteger();
            fx.client.onMessage(m -> {
                seen.incrementAndGet();
                throw new StackOverflowError("user listener");
            });
            fx.client.onConnectionEvent(e -> {
                throw new OutOfMemoryError("user listener (not really)");
            });
            CompletableFuture<DfxMessage> a = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            CompletableFuture<DfxMessage> b = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            RequestFrame fa = c.takeFrame(Duration.ofSeconds(5));
            RequestFrame fb = c.takeFrame(Duration.ofSeconds(5));
            c.respond(fa, 200, "{}");
            c.respond(fb, 200, "{}");
            assertThat(a.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(b.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(seen).hasValue(2);
        } finally {
            engine.shutdownNow();
        }
    }

    /**
     * Issue 12 item 7: a results subscriber throwing an Error is cancelled (Reactive Streams 2.13) and the final result
     * it threw on still completes the stream; other subscribers keep receiving.
     */
    @Test
    void subscriberThrowingAnError_isCancelled_andTheStreamStillCompletes() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            List<MeasurementResult> thrower = new CopyOnWriteArrayList<>();
            m.results().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(MeasurementResult item) {
                    thrower.add(item);
                    throw new LinkageError("user subscriber");
                }

                @Override
                public void onError(Throwable t) {
                    thrower.add(null);
                }

                @Override
                public void onComplete() {
                    thrower.add(null);
                }
            });
            RecordingSubscriber<MeasurementResult> other = new RecordingSubscriber<>(Long.MAX_VALUE);
            m.results().subscribe(other);
            c.respond(m.subscriptionId(), 200, "{}");
            m.send(dev.dfx.core.Chunk.of(new byte[] {1}, Duration.ofSeconds(5)));
            c.respond(c.lastFrame(), 200, "{\"ID\":\"M:0\",\"ChunkOrder\":0}");
            c.respond(m.subscriptionId(), 200, "{\"MeasurementDataID\":\"M:0\",\"StatusID\":\"COMPLETE\","
                    + "\"Error\":{\"Code\":\"OK\"}}");

            assertThat(thrower).hasSize(1).doesNotContainNull();
            assertThat(other.items).hasSize(1);
            assertThat(other.completed).isTrue();
            assertThat(m.completion()).isCompleted();
        }
    }

    private static ScriptedConnection awaitConnection(ScriptedTransport t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.connections.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no connection within 5 s");
            }
            Thread.onSpinWait();
        }
        return t.last();
    }
}
