package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.DfxMessage;
import dev.dfx.core.RequestId;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 8 (engine half): the engine's inbound queue is bounded. A blocked client executor (a slow callback)
 * and a large push from the server: reading pauses at the bound, memory stays bounded, and once the callbacks run
 * again every frame arrives, in order, and reading resumes.
 */
class InboundBackpressureTest {
    private static final int FRAME = 64 * 1024;
    private static final long BOUND = 512 * 1024;

    /** An executor that runs nothing until the test says so: a client whose callbacks are blocked. */
    private static final class HeldExecutor implements Executor {
        private final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (true) {
                Runnable r;
                synchronized (this) {
                    r = tasks.poll();
                }
                if (r == null) {
                    return;
                }
                r.run();
            }
        }
    }

    @Test
    void blockedCallbacksAndALargePush_pauseReadingAtTheBound_andNothingIsLostOnceResumed() {
        HeldExecutor engine = new HeldExecutor();
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().maxInboundQueuedBytes(BOUND).build(), engine,
                new SplittableRandom(1), new ScriptedTransport())) {
            CompletableFuture<Void> connected = fx.client.connect();
            engine.runAll();
            ScriptedConnection c = fx.transport.last();
            c.respond(c.lastFrame(), 200, "{}");
            engine.runAll();
            assertThat(connected).isCompleted();
            List<String> seen = new ArrayList<>();
            fx.client.onMessage(m -> seen.add(m.requestId().value()));

            // The server pushes 64 MiB worth of frames; a transport that honours pauseReading() stops at the pause.
            int pushed = 0;
            while (!c.readingPaused && pushed < 1024) {
                c.respond(new RequestId(String.format("0000%06d", pushed)), 200, "{\"pad\":\"" + "x".repeat(FRAME)
                        + "\"}");
                pushed++;
            }
            assertThat(c.readingPaused).isTrue();
            assertThat((long) pushed * FRAME).as("bytes held when reading paused").isLessThanOrEqualTo(BOUND + FRAME);
            assertThat(seen).isEmpty();

            engine.runAll(); // the callbacks run again
            assertThat(c.readingPaused).isFalse();
            assertThat(seen).hasSize(pushed);
            for (int i = 0; i < pushed; i++) {
                assertThat(seen.get(i)).isEqualTo(String.format("0000%06d", i));
            }
            fx.client.close();
            engine.runAll();
        }
    }

    @Test
    void readingIsNeverPaused_whileTheEngineKeepsUp() {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().maxInboundQueuedBytes(BOUND).build())) {
            ScriptedConnection c = fx.connectReady();
            List<DfxMessage> seen = new ArrayList<>();
            fx.client.onMessage(seen::add);
            for (int i = 0; i < 64; i++) {
                c.pushBinary(ByteBuffer.wrap(("0000" + String.format("%06d", i) + "200{}").getBytes()));
                assertThat(c.readingPaused).isFalse();
            }
            assertThat(seen).hasSize(64);
        }
    }
}
