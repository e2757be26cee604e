package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.frame.RequestFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Regression tests of issue 12, item 6: state leaks in reconnect. */
class LifecycleRegressionTest {
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(30));
    /** 100 ms, ×2, 1 s cap, no jitter, 3 attempts. */
    private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(100), 2.0,
            Duration.ofSeconds(1), 0.0, 3);

    private static EngineFixture fixture() {
        return new EngineFixture(EngineFixture.config().reconnect(POLICY)
                .requestTimeout(Duration.ofSeconds(5)).build());
    }

    /**
     * Issue 12 item 6: a re-login that times out during a reconnect showed CLOSED while the next attempt was already
     * scheduled, and a connect() from the app then opened a second connection that raced the attempt.
     */
    @Test
    void reloginTimeoutDuringReconnect_staysReconnecting_andConnectFromTheAppIsRefused() {
        try (EngineFixture fx = fixture()) {
            fx.connectReady().fail(new DfxConnectionClosedException(1006, "reset", true));
            fx.time.advance(Duration.ofMillis(100));
            ScriptedConnection c2 = fx.transport.last();
            assertThat(c2.lastFrame().actionId().code()).isEqualTo("0718");
            assertThat(fx.client.state()).isEqualTo(ConnectionState.AUTHENTICATING);

            fx.time.advance(Duration.ofSeconds(5)); // the re-login times out; c2 is closed

            assertThat(c2.closeCodes).containsExactly(1000);
            assertThat(fx.events).contains(new ConnectionEvent.RetryScheduled(2, Duration.ofMillis(200)));
            assertThat(fx.client.state()).isEqualTo(ConnectionState.RECONNECTING);
            CompletableFuture<Void> racing = fx.client.connect();
            assertThat(failure(racing)).isInstanceOf(IllegalStateException.class);
            assertThat(fx.transport.connections).hasSize(2);

            fx.time.advance(Duration.ofMillis(200));
            assertThat(fx.transport.connections).hasSize(3);
            ScriptedConnection c3 = fx.transport.last();
            c3.respond(c3.lastFrame(), 200, "{}");
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
        }
    }

    /**
     * Issue 12 item 6: a chunk in flight when a terminal result (WORKER_ERROR, PROTOCOL.md §5.5 (d)) completes the
     * stream, followed by a drop and a reconnect, kept a future that never completed.
     */
    @Test
    void chunkInFlightWhenTerminalResultArrives_thenReconnect_futureStillCompletes() {
        try (EngineFixture fx = fixture()) {
            ScriptedConnection c1 = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 3, UNPACED);
            c1.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<ChunkAck> a0 = m.send(Chunk.of("p0".getBytes(StandardCharsets.US_ASCII),
                    Duration.ofSeconds(5)));
            RequestFrame f0 = c1.lastFrame();
            assertThat(f0.actionId().code()).isEqualTo("0506");
            c1.respond(m.subscriptionId(), 200,
                    "{\"MeasurementDataID\":\"M:0\",\"Error\":{\"Code\":\"WORKER_ERROR\"}}");
            assertThat(m.completion()).isCompleted();
            assertThat(a0).isNotDone();

            c1.fail(new DfxConnectionClosedException(1006, "reset", true));
            fx.time.advance(Duration.ofMillis(100));
            ScriptedConnection c2 = fx.transport.last();
            c2.respond(c2.lastFrame(), 200, "{}");
            fx.time.advance(Duration.ofMinutes(1));

            assertThat(failure(a0)).isInstanceOf(DfxConnectionClosedException.class);
        }
    }
}
