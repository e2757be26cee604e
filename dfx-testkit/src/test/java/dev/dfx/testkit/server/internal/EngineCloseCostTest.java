package dev.dfx.testkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.testkit.ManualClock;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Closing a connection, or reusing a RequestID, visits only the measurements that connection subscribed to: with
 * thousands of measurements known, a close is O(its subscriptions), not O(every measurement ever seen). Counted
 * through the engine's package-private hook, never timed.
 */
class EngineCloseCostTest {
    private static final int MEASUREMENTS = 2_000;

    private final ManualClock clock = ManualClock.create();
    private final Engine engine = new Engine(new EngineSettings(Set.of("t"), Set.of(), true, false,
            Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ZERO, Duration.ZERO, Duration.ZERO, clock,
            JacksonBodyCodec.create(), new AccountSettings(Map.of(), Map.of(), Set.of(), "fake-local",
            Duration.ofSeconds(86400), Duration.ofDays(30), false)), clock);

    /** Counts what the server sends; answers nothing. */
    private static final class CountingPeer implements PeerChannel {
        final AtomicInteger binaries = new AtomicInteger();

        @Override
        public void sendBinary(ByteBuffer frame) {
            binaries.incrementAndGet();
        }

        @Override
        public void sendText(String text) {
        }

        @Override
        public void ping(ByteBuffer payload) {
        }

        @Override
        public void pong(ByteBuffer payload) {
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void abort() {
        }
    }

    private ServerConnection loggedIn(CountingPeer peer) {
        ServerConnection c = engine.accept(new HandshakeRequest("/", Map.of(), List.of("json"), "127.0.0.1:1"), peer);
        send(c, "0718", "0718login1", "{\"Token\":\"t\"}");
        return c;
    }

    private static void send(ServerConnection c, String action, String requestId, String json) {
        c.onBinary(FrameCodec.encodeRequest(ActionId.of(action), new RequestId(requestId),
                ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8))));
    }

    private static String subscribe(String measurementId, String target) {
        return "{\"Params\":{\"ID\":\"" + measurementId + "\"},\"RequestID\":\"" + target + "\"}";
    }

    @Test
    void close_visitsOnlyTheConnectionsOwnSubscriptions_notEveryMeasurement() {
        for (int i = 0; i < MEASUREMENTS; i++) {
            engine.addMeasurement("m-" + i);
        }
        CountingPeer peer = new CountingPeer();
        ServerConnection c = loggedIn(peer);
        send(c, "0510", "0510000001", subscribe("m-7", "STRM000001"));
        send(c, "0510", "0510000002", subscribe("m-8", "STRM000002"));
        assertThat(engine.measurement("m-7").orElseThrow().subscriptions()).isEqualTo(1);
        long before = engine.subscriptionVisits();

        c.onClosed(1000, "");

        assertThat(engine.subscriptionVisits() - before).isEqualTo(2);
        assertThat(engine.measurement("m-7").orElseThrow().subscriptions()).isZero();
        assertThat(engine.measurement("m-8").orElseThrow().subscriptions()).isZero();
        assertThat(engine.openConnectionCount()).isZero();
    }

    @Test
    void reusedRequestId_visitsOnlyTheConnectionsOwnSubscriptions_andStillMovesTheTarget() {
        for (int i = 0; i < MEASUREMENTS; i++) {
            engine.addMeasurement("m-" + i);
        }
        ServerConnection c = loggedIn(new CountingPeer());
        send(c, "0510", "0510000001", subscribe("m-1", "STRM001010"));
        long before = engine.subscriptionVisits();

        // [CPP]'s fixed STRM001010, reused on the next measurement (docs/protocol.md §8 Q5, Q19)
        send(c, "0510", "0510000002", subscribe("m-2", "STRM001010"));

        assertThat(engine.subscriptionVisits() - before).isEqualTo(1);
        assertThat(engine.measurement("m-1").orElseThrow().subscriptions()).isZero();
        assertThat(engine.measurement("m-2").orElseThrow().subscriptions()).isEqualTo(1);

        // m-1 left the connection's index: the next reuse visits m-2 only, and a close visits it once
        send(c, "0510", "0510000003", subscribe("m-3", "STRM001010"));
        long afterThird = engine.subscriptionVisits();
        assertThat(afterThird - before).isEqualTo(2);
        c.onClosed(1000, "");
        assertThat(engine.subscriptionVisits() - afterThird).isEqualTo(1);
        assertThat(engine.measurement("m-3").orElseThrow().subscriptions()).isZero();
    }

    @Test
    void closingConnection_takesNoNewSubscription() {
        engine.addMeasurement("m-1");
        CountingPeer peer = new CountingPeer();
        ServerConnection c = loggedIn(peer);
        int sentBefore = peer.binaries.get();
        FakeConnection fc = (FakeConnection) c;

        fc.closeBy(1000, "bye");
        send(c, "0510", "0510000001", subscribe("m-1", "STRM000001"));

        assertThat(engine.measurement("m-1").orElseThrow().subscriptions()).isZero();
        assertThat(peer.binaries.get()).isEqualTo(sentBefore);
    }
}
