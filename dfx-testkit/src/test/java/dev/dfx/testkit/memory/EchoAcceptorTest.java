package dev.dfx.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.port.Connection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EchoAcceptorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final InMemoryServerExtension<EchoAcceptor> server = InMemoryServerExtension.of(EchoAcceptor::create);

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private Connection connect(RecordingListener listener) throws Exception {
        return server.transport().connect(server.spec(), listener).get(10, TimeUnit.SECONDS);
    }

    @Test
    void patternFrame_startsWithIndexAndFillsTheRest() {
        ByteBuffer frame = EchoAcceptor.patternFrame(300, 6);

        assertThat(frame.isReadOnly()).isTrue();
        assertThat(frame.remaining()).isEqualTo(6);
        assertThat(frame.getInt(0)).isEqualTo(300);
        assertThat(frame.get(4)).isEqualTo((byte) (300 + 4));
        assertThat(frame.get(5)).isEqualTo((byte) (300 + 5));
        assertThat(EchoAcceptor.patternFrame(2, 2)).isEqualTo(ByteBuffer.wrap(new byte[] {2, 3}));
        assertThat(EchoAcceptor.patternFrame(5, 0).remaining()).isZero();
    }

    @Test
    void patternFrame_withNegativeArguments_throwsNamingThem() {
        assertThatThrownBy(() -> EchoAcceptor.patternFrame(-1, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index");
        assertThatThrownBy(() -> EchoAcceptor.patternFrame(0, -4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size");
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 200, 399, 600})
    void rejecting_withNonErrorStatus_throwsIllegalArgument(int status) {
        assertThatThrownBy(() -> EchoAcceptor.rejecting(status)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status");
    }

    @Test
    void accept_countsConnectionsAndRecordsHandshakes() throws Exception {
        connect(new RecordingListener());
        connect(new RecordingListener());

        assertThat(server.acceptor().accepted()).isEqualTo(2);
        assertThat(server.acceptor().takeHandshake(WAIT).subprotocols()).containsExactly("json");
        assertThat(server.acceptor().takeHandshake(WAIT).path()).isEqualTo("/");
    }

    @Test
    void unknownOrMalformedCommand_isAnsweredWithCmdErrorAndConnectionStaysOpen() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection c = connect(listener);

        c.sendBinary(bytes("cmd:fly away"));
        c.sendBinary(bytes("cmd:send three 4"));
        c.sendBinary(bytes("cmd:close soon"));
        c.sendBinary(bytes("cmd:ping " + "x".repeat(126)));

        assertThat(listener.next(WAIT)).asString().startsWith(EchoAcceptor.ERROR_PREFIX).contains("fly");
        assertThat(listener.next(WAIT)).asString().startsWith(EchoAcceptor.ERROR_PREFIX).contains("COUNT");
        assertThat(listener.next(WAIT)).asString().startsWith(EchoAcceptor.ERROR_PREFIX).contains("CODE");
        assertThat(listener.next(WAIT)).asString().startsWith(EchoAcceptor.ERROR_PREFIX).contains("125");
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void pingCommand_pingsClientWhoseAutoPongIsRecorded() throws Exception {
        Connection c = connect(new RecordingListener());

        c.sendBinary(bytes("cmd:ping heartbeat"));

        assertThat(server.acceptor().takePong(WAIT)).isEqualTo(bytes("heartbeat"));
    }

    @Test
    void noPongCommand_stopsAnsweringPingsUntilPongCommand() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection c = connect(listener);

        c.sendBinary(bytes("cmd:no-pong"));
        c.ping(bytes("1"));
        c.sendBinary(bytes("marker"));
        c.sendBinary(bytes("cmd:pong"));
        c.ping(bytes("2"));

        assertThat(listener.next(WAIT)).isEqualTo(bytes("marker"));
        assertThat(listener.next(WAIT)).isEqualTo(new RecordingListener.Pong(bytes("2")));
    }

    @Test
    void textFrames_areEchoedAsTextOrRunAsCommands() {
        java.util.List<String> calls = new java.util.ArrayList<>();
        dev.dfx.testkit.wire.PeerChannel peer = new dev.dfx.testkit.wire.PeerChannel() {
            @Override
            public void sendBinary(ByteBuffer frame) {
                calls.add("binary " + frame.remaining());
            }

            @Override
            public void sendText(String text) {
                calls.add("text " + text);
            }

            @Override
            public void ping(ByteBuffer payload) {
                calls.add("ping");
            }

            @Override
            public void pong(ByteBuffer payload) {
                calls.add("pong");
            }

            @Override
            public void close(int code, String reason) {
                calls.add("close " + code + " " + reason);
            }

            @Override
            public void abort() {
                calls.add("abort");
            }
        };
        EchoAcceptor echo = EchoAcceptor.create();
        dev.dfx.testkit.wire.HandshakeRequest request = new dev.dfx.testkit.wire.HandshakeRequest("/",
                java.util.Map.of(), java.util.List.of("json"), "test");
        var connection = echo.accept(request, peer);

        connection.onText("hello");
        connection.onText("cmd:send 2 5");
        connection.onText("cmd:close-after-next 4003 after text");
        connection.onText("bye");
        connection.onPing(bytes("p"));

        assertThat(calls).containsExactly("text hello", "binary 5", "binary 5", "text bye",
                "close 4003 after text", "pong");
        assertThat(echo.handshake(request)).isEqualTo(dev.dfx.testkit.wire.HandshakeDecision.accept("json"));
        assertThat(EchoAcceptor.stalling().handshake(request).kind())
                .isEqualTo(dev.dfx.testkit.wire.HandshakeDecision.Kind.STALL);
    }

    @Test
    void takeClosed_withNothingClosed_failsAfterTimeout() {
        assertThatThrownBy(() -> server.acceptor().takeClosed(Duration.ofMillis(20)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("closed connection");
    }

    @Test
    void takeAccepted_givesTheServerSide_toActAsTheServerAndSeeTheClose() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection c = connect(listener);
        EchoAcceptor.ServerSide side = server.acceptor().takeAccepted(WAIT);
        side.echo(false);

        c.sendBinary(bytes("not echoed")).get(10, TimeUnit.SECONDS);
        side.peer().sendBinary(bytes("pushed"));

        assertThat(listener.nextBinary(WAIT)).isEqualTo(bytes("pushed"));
        assertThat(side.request().subprotocols()).contains("json");
        // The client's send future completes when the frame is handed over; the server side counts it when its own
        // delivery runs, which may be later (on JDK 25 in CI it was): wait for the count, bounded.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (side.binaryFrames() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(side.binaryFrames()).isEqualTo(1);
        side.peer().close(4001, "bye");
        assertThat(side.closed().get(10, TimeUnit.SECONDS).code()).isIn(4001, 1006);
    }

    @Test
    void nextHandshake_scriptsOnlyTheNextUpgrade_resetForgetsIt() {
        dev.dfx.testkit.wire.HandshakeRequest request = new dev.dfx.testkit.wire.HandshakeRequest("/",
                java.util.Map.of(), java.util.List.of("json"), "test");
        EchoAcceptor echo = EchoAcceptor.create();
        echo.nextHandshake(dev.dfx.testkit.wire.HandshakeDecision.reject(401));

        assertThat(echo.handshake(request)).isEqualTo(dev.dfx.testkit.wire.HandshakeDecision.reject(401));
        assertThat(echo.handshake(request)).isEqualTo(dev.dfx.testkit.wire.HandshakeDecision.accept("json"));
        echo.nextHandshake(dev.dfx.testkit.wire.HandshakeDecision.stall());
        echo.reset();
        assertThat(echo.handshake(request)).isEqualTo(dev.dfx.testkit.wire.HandshakeDecision.accept("json"));
        assertThatThrownBy(() -> echo.takeAccepted(Duration.ofMillis(20))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("accepted connection");
    }
}
