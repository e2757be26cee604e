package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.frame.RequestFrame;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 12 item 10: when the client's executor rejects a task, user callbacks never run on the I/O thread. */
class ExecutorRejectionTest {

    /** Runs tasks on a pool until told to reject, as an executor that was shut down or is full. */
    private static final class Rejecting implements Executor {
        final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "client-executor"));
        volatile boolean reject;

        @Override
        public void execute(Runnable task) {
            if (reject) {
                throw new RejectedExecutionException("executor is full");
            }
            pool.execute(task);
        }
    }

    /**
     * Issue 12 item 10: a response arriving while the executor rejects used to be handled on the transport's I/O
     * thread, so the user's callback ran there.
     */
    @Test
    void executorRejects_responseIsNotHandledOnTheIoThread_andTheRequestFailsWithAClearError() throws Exception {
        ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "scripted-io"));
        Rejecting executor = new Rejecting();
        ScriptedTransport transport = new ScriptedTransport(io);
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().build(), executor, new SplittableRandom(1),
                transport)) {
            CompletableFuture<Void> connected = fx.client.connect();
            ScriptedConnection c = awaitConnection(transport);
            c.respond(c.takeFrame(Duration.ofSeconds(5)), 200, "{}");
            connected.get(5, TimeUnit.SECONDS);

            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            RequestFrame req = c.takeFrame(Duration.ofSeconds(5));
            CompletableFuture<String> callbackThread = f.handle((m, e) -> Thread.currentThread().getName());
            // The engine's serial drain that sent the request may still be running on the pool; a response queued
            // behind it would be handled without asking the executor again. Wait until that drain has returned
            // (the pool is single-threaded, so this marker runs after it), then start rejecting.
            executor.pool.submit(() -> { }).get(5, TimeUnit.SECONDS);
            executor.reject = true;
            c.respond(req, 200, "{}");

            assertThat(callbackThread.get(5, TimeUnit.SECONDS)).isNotEqualTo("scripted-io");
            assertThat(f).isCompletedExceptionally();
            Throwable cause = org.assertj.core.api.Assertions.catchThrowable(f::join);
            assertThat(cause).isInstanceOf(CompletionException.class);
            assertThat(cause.getCause()).isInstanceOf(DfxConnectionClosedException.class)
                    .hasMessageContaining("executor rejected");
            assertThat(fx.errors).anySatisfy(e -> assertThat(e).hasMessageContaining("executor rejected a task"));
            assertThat(c.aborted).isTrue();
        } finally {
            io.shutdownNow();
            executor.pool.shutdownNow();
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
