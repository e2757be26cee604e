package dev.dfx.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.testkit.contract.RecordingListener;
import dev.dfx.testkit.contract.RecordingListener.Binary;
import dev.dfx.testkit.contract.RecordingListener.Failure;
import dev.dfx.testkit.socket.WebSocketServerFrontEnd;
import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jetty-specific behaviour beyond the shared contract, over real loopback sockets. */
class JettyTransportIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static WebSocketServerFrontEnd server;

    @BeforeAll
    static void startServer() {
        server = WebSocketServerFrontEnd.start(new EchoAcceptor());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void callersClient_staysRunningAfterTransportCloseAndServesANewTransport() throws Exception {
        WebSocketClient client = new WebSocketClient();
        try {
            RecordingListener first = new RecordingListener();
            try (JettyTransport transport = JettyTransport.create(client)) {
                Connection c = transport.connect(ConnectSpec.builder(server.uri()).build(), first)
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                c.sendBinary(ByteBuffer.wrap(new byte[] {5})).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(first.next(Binary.class, TIMEOUT).bytes()).containsExactly(5);
            }
            assertThat(first.nextTerminal(TIMEOUT)).isInstanceOf(Failure.class);
            assertThat(client.isRunning()).as("the caller's client after transport.close()").isTrue();

            RecordingListener second = new RecordingListener();
            try (JettyTransport again = JettyTransport.create(client)) {
                Connection c = again.connect(ConnectSpec.builder(server.uri()).build(), second)
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(c.subprotocol()).isEqualTo("json");
            }
        } finally {
            client.stop();
        }
    }

    @Test
    void sendBinary_leavesTheCallersBytesUnchanged() throws Exception {
        try (JettyTransport transport = JettyTransport.create()) {
            RecordingListener listener = new RecordingListener();
            Connection c = transport.connect(ConnectSpec.builder(server.uri()).build(), listener)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            byte[] original = new byte[300];
            for (int i = 0; i < original.length; i++) {
                original[i] = (byte) i;
            }
            byte[] sent = original.clone();

            c.sendBinary(ByteBuffer.wrap(sent)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(listener.next(Binary.class, TIMEOUT).bytes()).isEqualTo(original);
            assertThat(sent).as("client masking must not touch the caller's array").isEqualTo(original);
        }
    }

    @Test
    void listenerThatThrows_doesNotStopLaterFrames() throws Exception {
        RecordingListener recorder = new RecordingListener();
        ConnectionListener throwingOnce = new ConnectionListener() {
            private boolean thrown;

            @Override
            public void onBinary(ByteBuffer data) {
                if (!thrown) {
                    thrown = true;
                    throw new IllegalStateException("listener bug");
                }
                recorder.onBinary(data);
            }

            @Override
            public void onText(String text) {
                recorder.onText(text);
            }

            @Override
            public void onPong(ByteBuffer payload) {
                recorder.onPong(payload);
            }

            @Override
            public void onClosed(int code, String reason) {
                recorder.onClosed(code, reason);
            }

            @Override
            public void onFailure(Throwable cause) {
                recorder.onFailure(cause);
            }
        };
        try (JettyTransport transport = JettyTransport.create()) {
            Connection c = transport.connect(ConnectSpec.builder(server.uri()).build(), throwingOnce)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            c.sendBinary(ByteBuffer.wrap(new byte[] {1}));
            c.sendBinary(ByteBuffer.wrap(new byte[] {2}));

            assertThat(recorder.next(Binary.class, TIMEOUT).bytes()).containsExactly(2);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void close_withPeerThatNeverAnswersTheCloseFrame_abortsAfterBoundedWait() throws Exception {
        ExecutorService serverThread = Executors.newSingleThreadExecutor();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             JettyTransport transport = JettyTransport.create()) {
            serverThread.execute(() -> acceptUpgradeThenIgnoreEverything(silent));
            RecordingListener listener = new RecordingListener();
            URI uri = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/");
            Connection c = transport.connect(ConnectSpec.builder(uri).build(), listener)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            CompletableFuture<Void> closing = c.close(1000, "bye");

            closing.get(JettyConnection.CLOSE_TIMEOUT.plus(TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
            Failure failure = listener.next(Failure.class, TIMEOUT);
            assertThat(failure.cause()).isInstanceOf(DfxConnectionClosedException.class);
            assertThat(((DfxConnectionClosedException) failure.cause()).remote()).isFalse();
            assertThat(listener.terminalCount()).isEqualTo(1);
        } finally {
            serverThread.shutdownNow();
            assertThat(serverThread.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    void badArguments_failFastNamingTheArgument() throws Exception {
        try (JettyTransport transport = JettyTransport.create()) {
            ConnectSpec spec = ConnectSpec.builder(server.uri()).build();
            assertThatThrownBy(() -> transport.connect(null, new RecordingListener()))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("spec");
            assertThatThrownBy(() -> transport.connect(spec, null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("listener");

            Connection c = transport.connect(spec, new RecordingListener()).get(TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> c.sendBinary(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("frame");
            assertThatThrownBy(() -> c.ping(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("payload");
            assertThatThrownBy(() -> c.close(1006, "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("code");
            assertThatThrownBy(() -> c.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reason");
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void createWithNullClient_isRejected() {
        assertThatThrownBy(() -> JettyTransport.create(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("client");
    }

    /** A bare-bones server: answers the upgrade with 101 + json, then reads and never writes again. */
    private static void acceptUpgradeThenIgnoreEverything(ServerSocket serverSocket) {
        try (Socket socket = serverSocket.accept()) {
            InputStream in = socket.getInputStream();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String key = null;
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n"
                    + "Sec-WebSocket-Protocol: json\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            while (reader.read() >= 0) {
                // swallow the close frame and everything else
            }
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            // the test closes the socket; nothing to report
        }
    }

    /** Accepts json and echoes binary frames. */
    private static final class EchoAcceptor implements ConnectionAcceptor {
        @Override
        public HandshakeDecision handshake(HandshakeRequest request) {
            return HandshakeDecision.accept("json");
        }

        @Override
        public ServerConnection accept(HandshakeRequest request, PeerChannel peer) {
            return new ServerConnection() {
                @Override
                public void onBinary(ByteBuffer frame) {
                    peer.sendBinary(frame);
                }

                @Override
                public void onText(String text) {
                    peer.sendText(text);
                }

                @Override
                public void onPing(ByteBuffer payload) {
                    peer.pong(payload);
                }

                @Override
                public void onPong(ByteBuffer payload) {
                    // not used
                }

                @Override
                public void onClosed(int code, String reason) {
                    // not used
                }
            };
        }
    }
}
