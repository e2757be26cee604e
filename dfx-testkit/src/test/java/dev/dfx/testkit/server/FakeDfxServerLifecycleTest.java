package dev.dfx.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.InMemoryRegistry;
import dev.dfx.testkit.wire.ServerConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start, registration, heartbeat (docs/protocol.md §1.4) and close, on the manual clock and on the real timer. */
class FakeDfxServerLifecycleTest {

    @Test
    void start_registersTheInMemoryUri_andCloseUnregistersIt() {
        URI uri;
        try (FakeDfxServer server = FakeDfxServer.builder().build().start()) {
            uri = server.inMemoryUri();

            assertThat(uri.getScheme()).isEqualTo("ws");
            assertThat(uri.getHost()).isEqualTo("localhost");
            assertThat(server.uri()).isEqualTo(uri);
            assertThat(InMemoryRegistry.lookup(uri)).containsSame(server);
            assertThat(server.start()).isSameAs(server);
        }
        assertThat(InMemoryRegistry.lookup(uri)).isEmpty();
    }

    @Test
    void servers_getDistinctUris() {
        try (FakeDfxServer a = FakeDfxServer.builder().build().start();
             FakeDfxServer b = FakeDfxServer.builder().build().start()) {
            assertThat(a.inMemoryUri()).isNotEqualTo(b.inMemoryUri());
        }
    }

    @Test
    void close_closesOpenConnectionsWith1001_refusesNewOnes_andIsIdempotent() {
        Fixture fx = new Fixture();
        Fixture.Client c = fx.connect();

        fx.close();
        fx.close();

        assertThat(c.peer.closeCode).isEqualTo(1001);
        assertThat(fx.server.handshake(Fixture.upgrade(List.of("json"), Map.of())).status()).isEqualTo(503);
        assertThatThrownBy(fx.server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_stopsTheTimerThread() throws Exception {
        FakeDfxServer server = FakeDfxServer.builder().pingInterval(Duration.ofMillis(10)).build();
        CapturingPeer peer = new CapturingPeer();
        java.util.concurrent.CompletableFuture<Thread> timer = new java.util.concurrent.CompletableFuture<>();
        server.accept(Fixture.upgrade(List.of("json"), Map.of()), new CapturingPeer() {
            @Override
            public void ping(ByteBuffer payload) {
                timer.complete(Thread.currentThread());
            }

            @Override
            public void close(int code, String reason) {
                peer.close(code, reason);
            }
        });
        Thread t = timer.get(5, java.util.concurrent.TimeUnit.SECONDS);

        server.close();
        t.join(2000);

        String number = server.inMemoryUri().getPath().replaceAll(".*/", "");
        assertThat(t.getName()).isEqualTo("fake-dfx-server-timer-" + number);
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.isAlive()).isFalse();
        assertThat(peer.closeCode).isEqualTo(1001);
    }

    @Test
    void heartbeat_onRealTimer_pingsTheClient() throws Exception {
        try (FakeDfxServer server = FakeDfxServer.builder().pingInterval(Duration.ofMillis(20)).build()) {
            java.util.concurrent.CompletableFuture<Void> pinged = new java.util.concurrent.CompletableFuture<>();
            server.accept(Fixture.upgrade(List.of("json"), Map.of()), new CapturingPeer() {
                @Override
                public void ping(ByteBuffer payload) {
                    pinged.complete(null);
                }
            });

            pinged.get(5, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(pinged).isCompleted();
        }
    }

    @Test
    void heartbeat_pingsEveryInterval() {
        try (Fixture fx = new Fixture(b -> b.pingInterval(Duration.ofSeconds(30)).idleTimeout(Duration.ZERO))) {
            Fixture.Client c = fx.connect();

            fx.clock.advance(Duration.ofSeconds(29));
            int before = c.peer.pings.size();
            fx.clock.advance(Duration.ofSeconds(61));

            assertThat(before).isZero();
            assertThat(c.peer.pings).hasSize(3);
        }
    }

    @Test
    void heartbeat_closesWith1001AfterIdleTimeoutWithoutPongOrFrame() {
        try (Fixture fx = new Fixture()) {
            Fixture.Client c = fx.connect();

            fx.clock.advance(Duration.ofSeconds(59));
            Integer before = c.peer.closeCode;
            fx.clock.advance(Duration.ofSeconds(1));

            assertThat(before).isNull();
            assertThat(c.peer.closeCode).isEqualTo(1001);
            assertThat(fx.clock.pendingTasks()).isZero();
        }
    }

    @Test
    void heartbeat_pongsAndFramesKeepTheConnectionAlive() {
        try (Fixture fx = new Fixture()) {
            Fixture.Client c = fx.connect();

            fx.clock.advance(Duration.ofSeconds(40));
            c.conn.onPong(ByteBuffer.allocate(0));
            fx.clock.advance(Duration.ofSeconds(40));
            c.send("0100", c.id("0100"), "{}");
            fx.clock.advance(Duration.ofSeconds(59));
            Integer alive = c.peer.closeCode;
            fx.clock.advance(Duration.ofSeconds(1));

            assertThat(alive).isNull();
            assertThat(c.peer.closeCode).isEqualTo(1001);
        }
    }

    @Test
    void heartbeat_zeroIntervalAndTimeout_disableIt() {
        try (Fixture fx = new Fixture(b -> b.pingInterval(Duration.ZERO).idleTimeout(Duration.ZERO))) {
            Fixture.Client c = fx.connect();

            fx.clock.advance(Duration.ofHours(1));

            assertThat(c.peer.pings).isEmpty();
            assertThat(c.peer.closeCode).isNull();
            assertThat(fx.clock.pendingTasks()).isZero();
        }
    }

    @Test
    void clientPing_isAnsweredWithAPongCarryingItsPayload() {
        try (Fixture fx = new Fixture()) {
            Fixture.Client c = fx.connect();

            c.conn.onPing(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));

            assertThat(c.peer.pongs).containsExactly(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void closedConnection_stopsItsTimers() {
        try (Fixture fx = new Fixture()) {
            Fixture.Client c = fx.connect();

            c.conn.onClosed(1000, "bye");
            fx.clock.advance(Duration.ofMinutes(5));

            assertThat(c.peer.pings).isEmpty();
            assertThat(fx.clock.pendingTasks()).isZero();
        }
    }

    @Test
    void builder_rejectsBadValuesNamingTheArgument() {
        assertThatThrownBy(() -> FakeDfxServer.builder().rateAllowance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowance");
        assertThatThrownBy(() -> FakeDfxServer.builder().maxMeasurementDuration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> FakeDfxServer.builder().tokens("ok", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validTokens");
        assertThatThrownBy(() -> FakeDfxServer.builder().clock(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("source");
    }

    @Test
    void realClockServer_answersThroughTheSeam() {
        try (FakeDfxServer server = FakeDfxServer.builder().build().start()) {
            HandshakeRequest req = Fixture.upgrade(List.of("json"), Map.of("authorization",
                    List.of("bearer test-token")));
            CapturingPeer peer = new CapturingPeer();
            assertThat(server.handshake(req).kind()).isEqualTo(HandshakeDecision.Kind.ACCEPT);
            ServerConnection conn = server.accept(req, peer);

            conn.onText("0100abcdefghij{}");
            ResponseFrame r = peer.next();

            assertThat(r.status()).isEqualTo(200);
        }
    }
}
