package dev.dfx.testkit.server;

import static dev.dfx.testkit.server.Fixture.M;
import static dev.dfx.testkit.server.Fixture.body;
import static dev.dfx.testkit.server.Fixture.chunk;
import static dev.dfx.testkit.server.Fixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.ActionId;
import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.testkit.wire.HandshakeDecision;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each {@link Fault}, one-shot and persistent (docs/style.md §9). */
class FakeDfxServerFaultsTest {
    private final Fixture fx = new Fixture(b -> b.rateLimit(false));

    @AfterEach
    void close() {
        fx.close();
    }

    private HandshakeDecision handshake() {
        return fx.server.handshake(Fixture.upgrade(List.of("json"), Map.of()));
    }

    @Test
    void rejectHandshake_refusesTheNextUpgradeOnlyWithTheStatus() {
        fx.server.rejectHandshake(401);

        assertThat(handshake()).isEqualTo(HandshakeDecision.reject(401));
        assertThat(handshake()).isEqualTo(HandshakeDecision.accept("json"));
    }

    @Test
    void rejectHandshake_persistent_refusesUntilCleared() {
        fx.server.enqueue(FaultSpec.rejectHandshake(404).persistent());

        assertThat(handshake().status()).isEqualTo(404);
        assertThat(handshake().status()).isEqualTo(404);
        assertThat(fx.server.armedFaults()).singleElement().satisfies(f -> assertThat(f.oneShot()).isFalse());
        fx.server.clearFaults();
        assertThat(handshake().kind()).isEqualTo(HandshakeDecision.Kind.ACCEPT);
        assertThat(fx.server.armedFaults()).isEmpty();
    }

    @Test
    void noSubprotocol_acceptsTheNextUpgradeWithoutSelectingOne() {
        fx.server.omitSubprotocol();

        HandshakeDecision d = handshake();

        assertThat(d.kind()).isEqualTo(HandshakeDecision.Kind.ACCEPT);
        assertThat(d.subprotocol()).isNull();
        assertThat(handshake().subprotocol()).isEqualTo("json");
    }

    @Test
    void stall_leavesTheNextUpgradeUnanswered() {
        fx.server.stallHandshake();

        assertThat(handshake()).isEqualTo(HandshakeDecision.stall());
        assertThat(handshake().kind()).isEqualTo(HandshakeDecision.Kind.ACCEPT);
    }

    @Test
    void dropAfterFrames_abortsTheConnectionOnTheNthFrameWithoutAnsweringIt() {
        Fixture.Client c = fx.loggedIn();
        fx.server.dropAfterFrames(2);

        ResponseFrame first = c.call("0100", "{}");
        c.send("0100", c.id("0100"), "{}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(c.peer.aborted).isTrue();
        assertThat(c.peer.closeCode).isNull();
        assertThat(c.nothingMore()).isTrue();
        assertThat(fx.server.receivedFrames()).hasSize(3);
    }

    @Test
    void dropAfterFrames_persistent_dropsEveryNthFrame() {
        fx.server.enqueue(FaultSpec.dropAfterFrames(1).persistent());
        Fixture.Client a = fx.connect();
        Fixture.Client b = fx.connect();

        a.send("0100", a.id("0100"), "{}");
        b.send("0100", b.id("0100"), "{}");

        assertThat(a.peer.aborted).isTrue();
        assertThat(b.peer.aborted).isTrue();
    }

    @Test
    void closeWith_closesInsteadOfAnsweringTheNextFrame() {
        Fixture.Client c = fx.loggedIn();
        fx.server.closeOnNextFrame(4000, "go away");

        c.send("0100", c.id("0100"), "{}");

        assertThat(c.peer.closeCode).isEqualTo(4000);
        assertThat(c.peer.closeReason).isEqualTo("go away");
        assertThat(c.nothingMore()).isTrue();
    }

    @Test
    void closeWith_limitedToAnAction_waitsForThatAction() {
        Fixture.Client c = fx.loggedIn();
        fx.server.enqueue(FaultSpec.closeWith(1011, "boom").forAction(ActionId.MEASUREMENTS_ADD_DATA));

        ResponseFrame status = c.call("0100", "{}");
        c.send("0506", c.id("0506"), chunk("FIRST::PROCESS", 0));

        assertThat(status.status()).isEqualTo(200);
        assertThat(c.peer.closeCode).isEqualTo(1011);
        assertThat(fx.server.measurement(M).orElseThrow().started()).isFalse();
    }

    @Test
    void noPong_leavesTheNextClientPingUnanswered() {
        Fixture.Client c = fx.connect();
        fx.server.ignoreNextPing();

        c.conn.onPing(ByteBuffer.wrap(new byte[] {1}));
        c.conn.onPing(ByteBuffer.wrap(new byte[] {2}));

        assertThat(c.peer.pongs).containsExactly(ByteBuffer.wrap(new byte[] {2}));
    }

    @Test
    void noPong_persistent_neverAnswersPings() {
        Fixture.Client c = fx.connect();
        fx.server.enqueue(FaultSpec.noPong().persistent());

        c.conn.onPing(ByteBuffer.wrap(new byte[] {1}));
        c.conn.onPing(ByteBuffer.wrap(new byte[] {2}));

        assertThat(c.peer.pongs).isEmpty();
    }

    @Test
    void slowAck_delaysTheResponse_andLaterFramesOfTheConnectionWaitBehindIt() {
        Fixture.Client c = fx.loggedIn();
        c.call("0510", subscribe(M, "resultsABC"));
        fx.server.delayNext(ActionId.MEASUREMENTS_ADD_DATA, Duration.ofSeconds(2));

        c.send("0506", "0506slow01", chunk("FIRST::PROCESS", 0));
        c.send("0100", "0100after1", "{}");
        boolean silentBefore = c.nothingMore();
        fx.clock.advance(Duration.ofSeconds(2));

        assertThat(silentBefore).isTrue();
        assertThat(c.next().requestId().value()).isEqualTo("0506slow01");
        assertThat(c.next().requestId().value()).isEqualTo("resultsABC");
        assertThat(c.next().requestId().value()).isEqualTo("0100after1");
        assertThat(c.call("0506", chunk("CHUNK::PROCESS", 1)).status()).isEqualTo(200);
    }

    @Test
    void errorStatus_failsTheNextRequestOfTheActionOnce_withoutStoringTheChunk() {
        Fixture.Client c = fx.loggedIn();
        fx.server.failNext(ActionId.MEASUREMENTS_ADD_DATA, 429, "RATE_LIMIT");

        ResponseFrame status = c.call("0100", "{}");
        ResponseFrame failed = c.call("0506", chunk("FIRST::PROCESS", 0));
        boolean stored = fx.server.measurement(M).orElseThrow().started();
        ResponseFrame resent = c.call("0506", chunk("FIRST::PROCESS", 0));

        assertThat(status.status()).isEqualTo(200);
        assertThat(failed.status()).isEqualTo(429);
        assertThat(body(failed).get("Code")).isEqualTo("RATE_LIMIT");
        assertThat(stored).isFalse();
        assertThat(resent.status()).isEqualTo(200);
    }

    @Test
    void errorStatus_persistent_failsEveryRequestOfTheAction() {
        Fixture.Client c = fx.loggedIn();
        fx.server.enqueue(FaultSpec.errorStatus(ActionId.GENERAL_STATUS, 503, "UNAVAILABLE", "down").persistent());

        ResponseFrame a = c.call("0100", "{}");
        ResponseFrame b = c.call("0100", "{}");

        assertThat(a.status()).isEqualTo(503);
        assertThat(body(b)).isEqualTo(Map.of("Code", "UNAVAILABLE", "Message", "down"));
    }

    @Test
    void closeConnections_closesEveryOpenConnectionNow() {
        Fixture.Client a = fx.connect();
        Fixture.Client b = fx.connect();

        fx.server.closeConnections(1012, "restart");

        assertThat(a.peer.closeCode).isEqualTo(1012);
        assertThat(b.peer.closeCode).isEqualTo(1012);
    }

    @Test
    void faultSpecs_validateTheirArguments() {
        assertThatThrownBy(() -> FaultSpec.dropAfterFrames(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frames");
        assertThatThrownBy(() -> FaultSpec.closeWith(999, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closeCode");
        assertThatThrownBy(() -> FaultSpec.errorStatus(ActionId.GENERAL_STATUS, 200, "X", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> FaultSpec.slowAck(null, Duration.ZERO)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("action");
        assertThatThrownBy(() -> FaultSpec.noPong().forAction(ActionId.GENERAL_STATUS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
