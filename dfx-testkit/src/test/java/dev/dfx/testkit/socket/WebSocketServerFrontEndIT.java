package dev.dfx.testkit.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.InMemoryRegistry;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real-socket front end, driven by the JDK's own WebSocket client (so no Jetty client is involved). */
class WebSocketServerFrontEndIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    private final ScriptedAcceptor acceptor = new ScriptedAcceptor();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void start_bindsLoopbackEphemeralPortAndRegistersUriOnlyWhileRunning() {
        WebSocketServerFrontEnd server = WebSocketServerFrontEnd.start(acceptor);
        URI uri = server.uri();

        assertThat(uri.getScheme()).isEqualTo("ws");
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(uri.getPort()).isPositive().isEqualTo(server.port());
        assertThat(uri.getPath()).isEqualTo("/");
        assertThat(server.tls()).isFalse();
        assertThat(InMemoryRegistry.lookup(uri)).containsSame(acceptor);

        server.close();
        server.close(); // idempotent

        assertThat(InMemoryRegistry.lookup(uri)).isEmpty();
    }

    @Test
    void accept_passesHandshakeRequestAndSelectsTheChosenSubprotocol() throws Exception {
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));
        Client client = new Client();

        WebSocket ws = client.connect(server.uri(), null, "json", "other");

        assertThat(ws.getSubprotocol()).isEqualTo("json");
        HandshakeRequest request = acceptor.handshakes.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(request).isNotNull();
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.subprotocols()).containsExactly("json", "other");
        assertThat(request.header("Authorization")).isEqualTo("Bearer front-end-test");
        assertThat(request.headers()).allSatisfy((name, values) -> assertThat(name).isLowerCase());
        assertThat(request.remoteAddress()).startsWith("127.0.0.1:");
    }

    @Test
    void accept_withNoSubprotocol_selectsNone() throws Exception {
        acceptor.decision.set(HandshakeDecision.accept(null));
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));

        WebSocket ws = new Client().connect(server.uri(), null, "json");

        assertThat(ws.getSubprotocol()).isEmpty();
    }

    @Test
    void reject_answersWithTheDecidedStatus() {
        acceptor.decision.set(HandshakeDecision.reject(403));
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));

        Throwable error = catchThrowable(() -> new Client().connect(server.uri(), null, "json"));

        assertThat(error).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) error.getCause()).getResponse().statusCode()).isEqualTo(403);
        assertThat(acceptor.accepted).isEmpty();
    }

    @Test
    void stall_readsTheUpgradeAndNeverAnswers() throws Exception {
        acceptor.decision.set(HandshakeDecision.stall());
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));

        CompletableFuture<WebSocket> pending = new Client().start(server.uri(), null, "json");

        assertThat(acceptor.handshakes.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        assertThatThrownBy(() -> pending.get(QUIET.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
        server.close();
        assertThat(catchThrowable(() -> pending.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)))
                .as("the stalled upgrade ends when the server closes").isInstanceOf(ExecutionException.class);
    }

    @Test
    void frames_reachTheConnectionInOrderAndThePeerAnswers() throws Exception {
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));
        Client client = new Client();
        WebSocket ws = client.connect(server.uri(), null, "json");
        Side side = acceptor.nextAccepted();

        for (int i = 0; i < 100; i++) {
            ws.sendBinary(ByteBuffer.allocate(4).putInt(0, i), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        ws.sendText("hello", true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        for (int i = 0; i < 100; i++) {
            ByteBuffer frame = (ByteBuffer) side.next();
            assertThat(frame.isReadOnly()).isTrue();
            assertThat(frame.getInt(frame.position())).isEqualTo(i);
        }
        assertThat(side.next()).isEqualTo("hello");
        for (int i = 0; i < 100; i++) {
            assertThat(((ByteBuffer) client.next()).getInt(0)).isEqualTo(i);
        }
        assertThat(client.next()).isEqualTo("hello");
        assertThat(side.overlapping.get()).as("overlapping ServerConnection calls").isFalse();
    }

    @Test
    void inboundFrameOf16MiB_isAccepted() throws Exception {
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));
        WebSocket ws = new Client().connect(server.uri(), null, "json");
        Side side = acceptor.nextAccepted();
        side.echo = false;

        ws.sendBinary(ByteBuffer.allocate(WebSocketServerFrontEnd.MAX_INBOUND_BYTES), true)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(((ByteBuffer) side.next()).remaining()).isEqualTo(WebSocketServerFrontEnd.MAX_INBOUND_BYTES);
    }

    @Test
    void ping_isNotAnsweredByTheFrontEndButByTheAcceptor() throws Exception {
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));
        Client client = new Client();
        WebSocket ws = client.connect(server.uri(), null, "json");
        Side side = acceptor.nextAccepted();
        side.answerPings = false;

        ws.sendPing(ByteBuffer.wrap(new byte[] {1})).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(side.next()).isEqualTo(new Ping(1));
        client.assertNothing();

        side.answerPings = true;
        ws.sendPing(ByteBuffer.wrap(new byte[] {2})).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(side.next()).isEqualTo(new Ping(2));
        assertThat(client.next()).isEqualTo(new Pong(2));
    }

    @Test
    void clientClose_reachesOnClosedWithCodeAndReason() throws Exception {
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));
        WebSocket ws = new Client().connect(server.uri(), null, "json");
        Side side = acceptor.nextAccepted();

        ws.sendClose(1000, "done").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(side.next()).isEqualTo(new Close(1000, "done"));
    }

    @Test
    void peerClose_sendsCloseFrameWithCodeAndReason() throws Exception {
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));
        Client client = new Client();
        client.connect(server.uri(), null, "json");
        Side side = acceptor.nextAccepted();

        side.peer.close(4001, "bye");

        assertThat(client.next()).isEqualTo(new Close(4001, "bye"));
        assertThat(((Close) side.next()).code()).as("code of the close handshake").isEqualTo(4001);
    }

    @Test
    void peerAbort_dropsTheSocketWithoutCloseFrame() throws Exception {
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));
        Client client = new Client();
        client.connect(server.uri(), null, "json");
        Side side = acceptor.nextAccepted();

        side.peer.abort();

        Object seen = client.next();
        assertThat(seen).as("an error or an abnormal closure, never a close frame")
                .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(Throwable.class),
                        e -> assertThat(e).isEqualTo(new Close(1006, "")));
        assertThat(((Close) side.next()).code()).isEqualTo(1006);
    }

    @Test
    void tls_servesWssToAClientTrustingItsContext() throws Exception {
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor).tls(true));
        Client client = new Client();

        WebSocket ws = client.connect(server.uri(), server.clientSslContext(), "json");
        ws.sendText("secure", true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(server.tls()).isTrue();
        assertThat(server.uri().getScheme()).isEqualTo("wss");
        assertThat(client.next()).isEqualTo("secure");
    }

    @Test
    void clientSslContext_onPlainServer_isRefused() {
        WebSocketServerFrontEnd server = started(WebSocketServerFrontEnd.builder(acceptor));

        assertThatThrownBy(server::clientSslContext).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void builder_rejectsBadArguments() {
        assertThatThrownBy(() -> WebSocketServerFrontEnd.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("acceptor");
        assertThatThrownBy(() -> WebSocketServerFrontEnd.builder(acceptor).port(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }

    @Test
    void close_stopsEveryThreadItStarted() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        WebSocketServerFrontEnd server = WebSocketServerFrontEnd.builder(acceptor).tls(true).start();
        new Client().connect(server.uri(), server.clientSslContext(), "json");
        acceptor.nextAccepted();

        server.close();

        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getName().startsWith(WebSocketServerFrontEnd.THREAD_NAME_PREFIX)) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    alive.add(t.getName());
                }
            }
        }
        assertThat(alive).isEmpty();
    }

    private WebSocketServerFrontEnd started(WebSocketServerFrontEnd.Builder builder) {
        WebSocketServerFrontEnd server = builder.start();
        toClose.add(server);
        return server;
    }

    // ---------------------------------------------------------------- fixtures

    record Ping(int firstByte) {
    }

    record Pong(int firstByte) {
    }

    record Close(int code, String reason) {
    }

    /** Decides handshakes as told and records what it saw. */
    static final class ScriptedAcceptor implements ConnectionAcceptor {
        final AtomicReference<HandshakeDecision> decision = new AtomicReference<>();
        final BlockingQueue<HandshakeRequest> handshakes = new LinkedBlockingQueue<>();
        final BlockingQueue<Side> accepted = new LinkedBlockingQueue<>();

        @Override
        public HandshakeDecision handshake(HandshakeRequest request) {
            handshakes.add(request);
            HandshakeDecision d = decision.get();
            return d != null ? d : HandshakeDecision.accept(request.subprotocols().isEmpty() ? null
                    : request.subprotocols().get(0));
        }

        @Override
        public ServerConnection accept(HandshakeRequest request, PeerChannel peer) {
            Side side = new Side(peer);
            accepted.add(side);
            return side;
        }

        Side nextAccepted() throws InterruptedException {
            Side s = accepted.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(s).as("accepted connection").isNotNull();
            return s;
        }
    }

    /** Records every call, echoes data, answers pings when told. */
    static final class Side implements ServerConnection {
        final PeerChannel peer;
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        final AtomicBoolean inCall = new AtomicBoolean();
        final AtomicBoolean overlapping = new AtomicBoolean();
        volatile boolean echo = true;
        volatile boolean answerPings = true;

        Side(PeerChannel peer) {
            this.peer = peer;
        }

        @Override
        public void onBinary(ByteBuffer frame) {
            enter();
            events.add(frame);
            if (echo) {
                peer.sendBinary(frame);
            }
            inCall.set(false);
        }

        @Override
        public void onText(String text) {
            enter();
            events.add(text);
            if (echo) {
                peer.sendText(text);
            }
            inCall.set(false);
        }

        @Override
        public void onPing(ByteBuffer payload) {
            events.add(new Ping(payload.get(payload.position())));
            if (answerPings) {
                peer.pong(payload);
            }
        }

        @Override
        public void onPong(ByteBuffer payload) {
            events.add(new Pong(payload.get(payload.position())));
        }

        @Override
        public void onClosed(int code, String reason) {
            events.add(new Close(code, reason));
        }

        Object next() throws InterruptedException {
            Object e = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("server-side event").isNotNull();
            return e;
        }

        private void enter() {
            if (!inCall.compareAndSet(false, true)) {
                overlapping.set(true);
            }
        }
    }

    /** A JDK WebSocket client that records what it receives. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        CompletableFuture<WebSocket> start(URI uri, SSLContext ssl, String... subprotocols) {
            HttpClient.Builder http = HttpClient.newBuilder();
            if (ssl != null) {
                http.sslContext(ssl);
            }
            WebSocket.Builder b = http.build().newWebSocketBuilder().header("Authorization", "Bearer front-end-test");
            if (subprotocols.length > 0) {
                b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
            }
            return b.buildAsync(uri, this);
        }

        WebSocket connect(URI uri, SSLContext ssl, String... subprotocols) throws Exception {
            return start(uri, ssl, subprotocols).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        Object next() throws InterruptedException {
            Object e = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("client-side event").isNotNull();
            return e;
        }

        void assertNothing() throws InterruptedException {
            assertThat(events.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("client-side event").isNull();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
            joined.put(binary).put(data).flip();
            binary = joined;
            if (last) {
                events.add(binary);
                binary = ByteBuffer.allocate(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            events.add(new Pong(message.get(message.position())));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.add(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add(error);
        }
    }
}
