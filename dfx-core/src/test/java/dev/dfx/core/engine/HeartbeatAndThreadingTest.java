package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.CloseEvent;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.frame.RequestFrame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeartbeatAndThreadingTest {

    private static DfxClientConfig heartbeat(int allowedMissed) {
        return EngineFixture.config().heartbeatInterval(Duration.ofSeconds(10)).allowedMissedPongs(allowedMissed)
                .build();
    }

    @Test
    void heartbeat_pingsEveryInterval_andPongsKeepTheConnectionAlive() {
        try (EngineFixture fx = new EngineFixture(heartbeat(1))) {
            ScriptedConnection c = fx.connectReady();
            fx.time.advance(Duration.ofMillis(9999));
            assertThat(c.pings).hasValue(0);
            for (int i = 1; i <= 10; i++) {
                fx.time.advance(Duration.ofSeconds(10));
                assertThat(c.pings).hasValue(i);
                c.pong();
            }
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
            assertThat(fx.errors).isEmpty();
        }
    }

    @Test
    void heartbeat_declaresTheConnectionDeadWhenMoreThanAllowedPongsAreMissing() {
        try (EngineFixture fx = new EngineFixture(heartbeat(2))) {
            ScriptedConnection c = fx.connectReady();
            fx.time.advance(Duration.ofSeconds(30));
            assertThat(c.pings).hasValue(3);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);

            fx.time.advance(Duration.ofSeconds(10));
            assertThat(c.aborted).isTrue();
            assertThat(fx.errors).singleElement().isInstanceOf(DfxTimeoutException.class);
            assertThat(((DfxTimeoutException) fx.errors.get(0)).operation()).isEqualTo("pong");
            assertThat(fx.closes).singleElement().extracting(CloseEvent::code).isEqualTo(1006);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.CLOSED);

            fx.time.advance(Duration.ofMinutes(1));
            assertThat(c.pings).hasValue(3);
        }
    }

    @Test
    void heartbeat_aLatePongResetsTheMissCount() {
        try (EngineFixture fx = new EngineFixture(heartbeat(1))) {
            ScriptedConnection c = fx.connectReady();
            fx.time.advance(Duration.ofSeconds(20));
            c.pong();
            fx.time.advance(Duration.ofSeconds(20));
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
            fx.time.advance(Duration.ofSeconds(10));
            assertThat(fx.client.state()).isEqualTo(ConnectionState.CLOSED);
        }
    }

    @Test
    void callbacksAndFutures_runOnTheClientExecutor_neverOnTheTransportIoThread() throws Exception {
        ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "scripted-io"));
        ExecutorService engine = Executors.newSingleThreadExecutor(r -> new Thread(r, "engine-under-test"));
        List<String> threads = new CopyOnWriteArrayList<>();
        ScriptedTransport transport = new ScriptedTransport(io);
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().build(), engine, new SplittableRandom(1),
                transport)) {
            fx.client.onMessage(m -> threads.add("onMessage:" + Thread.currentThread().getName()));
            fx.client.onClose(e -> threads.add("onClose:" + Thread.currentThread().getName()));
            fx.client.onConnectionEvent(e -> threads.add("onEvent:" + Thread.currentThread().getName()));

            CompletableFuture<String> connected = fx.client.connect()
                    .thenApply(v -> Thread.currentThread().getName());
            ScriptedConnection c = awaitConnection(transport);
            RequestFrame login = c.takeFrame(Duration.ofSeconds(5));
            c.respond(login, 200, "{}");
            assertThat(connected.get(5, TimeUnit.SECONDS)).isEqualTo("engine-under-test");

            CompletableFuture<String> answered = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of())
                    .thenApply(m -> Thread.currentThread().getName());
            c.respond(c.takeFrame(Duration.ofSeconds(5)), 200, "{}");
            assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo("engine-under-test");

            fx.client.disconnect().get(5, TimeUnit.SECONDS);
            assertThat(threads).isNotEmpty().allMatch(s -> s.endsWith(":engine-under-test"));
            assertThat(threads).anyMatch(s -> s.startsWith("onClose:"));
            assertThat(c.sendThreads).allMatch(t -> !t.getName().equals("scripted-io"));
        } finally {
            io.shutdownNow();
            engine.shutdownNow();
        }
    }

    private static ScriptedConnection awaitConnection(ScriptedTransport t) throws InterruptedException {
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
