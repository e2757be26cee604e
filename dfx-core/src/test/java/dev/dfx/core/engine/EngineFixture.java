package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.CloseEvent;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.frame.RequestFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * A client wired to a scripted transport, a manual clock and scheduler, the test codec and (by default) a direct
 * executor, so that every step of a test runs on the test thread, deterministically. Records every listener call.
 */
final class EngineFixture implements AutoCloseable {
    final ManualScheduler time = new ManualScheduler();
    final ScriptedTransport transport;
    final TestBodyCodec codec = new TestBodyCodec();
    final DfxClientConfig config;
    final DfxClient client;
    final List<DfxException> errors = new CopyOnWriteArrayList<>();
    final List<DfxMessage> messages = new CopyOnWriteArrayList<>();
    final List<CloseEvent> closes = new CopyOnWriteArrayList<>();
    final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

    EngineFixture() {
        this(config().build());
    }

    EngineFixture(DfxClientConfig config) {
        this(config, Runnable::run, new SplittableRandom(42), new ScriptedTransport());
    }

    EngineFixture(DfxClientConfig config, Executor executor, RandomGenerator random, ScriptedTransport transport) {
        this.config = config;
        this.transport = transport;
        this.client = DfxClient.builder().transport(transport).codec(codec).config(config).clock(time).ticker(time)
                .scheduler(time).executor(executor).random(random).build();
        client.onError(errors::add);
        client.onMessage(messages::add);
        client.onClose(closes::add);
        client.onConnectionEvent(events::add);
    }

    /** @return a config for a loopback URI, a device token, in-band login, no heartbeat, no reconnect */
    static DfxClientConfig.Builder config() {
        return DfxClientConfig.builder().uri("ws://127.0.0.1:9/").deviceToken("device-token")
                .heartbeatInterval(Duration.ZERO).reconnect(ReconnectPolicy.none());
    }

    /** Connects, answers the login (if any) with 200 {}, and returns the open connection. */
    ScriptedConnection connectReady() {
        CompletableFuture<Void> f = client.connect();
        ScriptedConnection c = transport.last();
        if (config.inBandLogin()) {
            RequestFrame login = c.lastFrame();
            assertThat(login.actionId().code()).isEqualTo("0718");
            c.respond(login, 200, "{}");
        }
        assertThat(f).isCompleted();
        f.join();
        return c;
    }

    /** @return the decoded JSON body of a sent frame */
    @SuppressWarnings("unchecked")
    Map<String, Object> body(RequestFrame f) {
        return codec.decode(f.body(), Map.class);
    }

    /** @return the body decoded as a record */
    <T> T body(RequestFrame f, Class<T> type) {
        return codec.decode(f.body(), type);
    }

    /** @return the failure of a completed future, unwrapped */
    static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
        throw new AssertionError("not failed");
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        client.close();
    }
}
