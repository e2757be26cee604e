package dev.dfx.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.RecordingListener.Binary;
import dev.dfx.testkit.contract.RecordingListener.Closed;
import dev.dfx.testkit.contract.RecordingListener.Event;
import dev.dfx.testkit.contract.RecordingListener.Failure;
import dev.dfx.testkit.contract.RecordingListener.Pong;
import dev.dfx.testkit.memory.EchoAcceptor;
import dev.dfx.testkit.socket.WebSocketServerFrontEnd;
import dev.dfx.testkit.wire.HandshakeDecision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one contract every {@link Transport} adapter passes (STYLE.md §3, §9). A subclass implements only
 * {@link #newTransport()}; it never overrides a test to skip it, and keeps its own tests in other classes.
 *
 * <p>The suite owns its servers: a plain and a TLS {@link WebSocketServerFrontEnd} on loopback (port 0), both with
 * a small echo engine that also lets a test act as the server (push frames, close, drop). Every test gets a fresh
 * transport from {@link #newTransport()}, taken after a snapshot of the live threads, and closes it afterwards; every
 * listener it made is then checked against the listener contract: serial events, no event from inside
 * {@code connect}, at most one terminal event and nothing after it, and, for each connection that opened, exactly one
 * terminal event once the transport is closed. Waits are timed; none sleeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransportContract {
    /** Bound on any single awaited event. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long "nothing arrives" is watched. */
    protected static final Duration QUIET = Duration.ofMillis(300);
    private static final String JSON = "json";

    private final EchoAcceptor acceptor = EchoAcceptor.create();
    private final EchoAcceptor tlsAcceptor = EchoAcceptor.create();
    private WebSocketServerFrontEnd server;
    private WebSocketServerFrontEnd tlsServer;
    private final List<RecordingListener> openedListeners = new CopyOnWriteArrayList<>();
    private final List<RecordingListener> allListeners = new CopyOnWriteArrayList<>();
    private Set<Thread> baselineThreads;
    private Transport transport;

    /** For subclasses. */
    protected TransportContract() {
    }

    /**
     * Makes the transport under test; called once per test, after the suite's servers run.
     *
     * @return a new, unused transport that the suite closes
     */
    protected abstract Transport newTransport();

    // ------------------------------------------------------------------ lifecycle

    /** Starts the plain and TLS servers. */
    @BeforeAll
    public void startServers() {
        server = WebSocketServerFrontEnd.start(acceptor);
        tlsServer = WebSocketServerFrontEnd.builder(tlsAcceptor).tls(true).start();
    }

    /** Stops the servers. */
    @AfterAll
    public void stopServers() {
        if (server != null) {
            server.close();
        }
        if (tlsServer != null) {
            tlsServer.close();
        }
    }

    /** Snapshots the live threads, then makes the transport. */
    @BeforeEach
    public void createTransport() {
        acceptor.reset();
        tlsAcceptor.reset();
        openedListeners.clear();
        allListeners.clear();
        baselineThreads = liveThreads();
        transport = newTransport();
        assertThat(transport).as("newTransport()").isNotNull();
    }

    /** Closes the transport and checks every listener of the test against the contract. */
    @AfterEach
    public void closeTransportAndCheckListeners() {
        transport.close();
        transport.close(); // idempotent
        for (RecordingListener l : openedListeners) {
            awaitTerminalCount(l);
            assertThat(l.terminalCount()).as("terminal events of an opened connection after Transport.close()")
                    .isEqualTo(1);
        }
        for (RecordingListener l : allListeners) {
            assertThat(l.violations()).as("listener contract violations").isEmpty();
            assertThat(l.terminalCount()).as("terminal events").isLessThanOrEqualTo(1);
            if (!openedListeners.contains(l)) {
                assertThat(l.eventCount()).as("events of a connection that never opened").isZero();
            }
        }
    }

    // ------------------------------------------------------------------ connect and handshake

    /** Connects, negotiates {@code json}, and sends the spec's headers. */
    @Test
    public void connect_negotiatesJsonAndSendsHeaders() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).header("Authorization", "Bearer contract-token").build(), listener);

        assertThat(c.subprotocol()).isEqualTo(JSON);
        assertThat(c.isOpen()).isTrue();
        EchoAcceptor.ServerSide side = acceptor.takeAccepted(TIMEOUT);
        assertThat(side.request().subprotocols()).contains(JSON);
        assertThat(side.request().header("authorization")).isEqualTo("Bearer contract-token");
        listener.assertNoEvent(QUIET);
    }

    /** A port with nothing listening fails with a retryable transport error. */
    @Test
    public void connect_refusedPort_failsWithRetryableTransportException() {
        RecordingListener listener = new RecordingListener();
        URI nowhere = URI.create("ws://127.0.0.1:" + unusedPort() + "/");

        Throwable error = connectFailure(ConnectSpec.builder(nowhere).build(), listener);

        assertThat(error).isInstanceOf(DfxTransportException.class).isNotInstanceOf(DfxHandshakeException.class);
        assertThat(((DfxTransportException) error).retryable()).isTrue();
    }

    /** A server that reads the upgrade and never answers trips the connect timeout. */
    @Test
    public void connect_stalledHandshake_failsWithTimeout() {
        acceptor.nextHandshake(HandshakeDecision.stall());
        RecordingListener listener = new RecordingListener();
        long start = System.nanoTime();

        Throwable error = connectFailure(spec(server).connectTimeout(Duration.ofMillis(300)).build(), listener);

        assertThat(error).isInstanceOf(DfxTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /**
     * A refused upgrade fails with the HTTP status.
     *
     * @param status the server's answer
     */
    @ParameterizedTest
    @MethodSource("rejections")
    public void connect_rejectedHandshake_failsWithHandshakeExceptionCarryingStatus(int status) {
        acceptor.nextHandshake(HandshakeDecision.reject(status));
        RecordingListener listener = new RecordingListener();

        Throwable error = connectFailure(spec(server).build(), listener);

        assertThat(error).isInstanceOf(DfxHandshakeException.class);
        assertThat(((DfxHandshakeException) error).status()).isEqualTo(status);
        assertThat(((DfxHandshakeException) error).retryable()).isFalse();
    }

    static Stream<Arguments> rejections() {
        return Stream.of(Arguments.of(Named.of("401 Unauthorized", 401)), Arguments.of(Named.of("404 Not Found", 404)));
    }

    /** A 101 that selects none of the offered subprotocols is a refused handshake (PROTOCOL.md §1.2). */
    @Test
    public void connect_noSubprotocolSelected_failsWithHandshakeException() {
        acceptor.nextHandshake(HandshakeDecision.accept(null));
        RecordingListener listener = new RecordingListener();

        Throwable error = connectFailure(spec(server).build(), listener);

        assertThat(error).isInstanceOf(DfxHandshakeException.class);
        assertThat(((DfxHandshakeException) error).status()).isEqualTo(DfxHandshakeException.NO_STATUS);
    }

    // ------------------------------------------------------------------ frames

    /**
     * Frames of the RFC 6455 length boundaries come back byte-exact.
     *
     * @param size frame size in bytes
     */
    @ParameterizedTest
    @MethodSource("frameSizes")
    public void sendBinary_echoesFrameByteExact(int size) {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);
        byte[] payload = randomBytes(size, size);

        await(c.sendBinary(ByteBuffer.wrap(payload)));

        Binary echoed = listener.next(Binary.class, TIMEOUT);
        assertThat(echoed.bytes()).isEqualTo(payload);
        assertThat(echoed.data().isReadOnly()).isTrue();
    }

    static Stream<Arguments> frameSizes() {
        return Stream.of(Arguments.of(Named.of("0 bytes (empty)", 0)), Arguments.of(Named.of("1 byte", 1)),
                Arguments.of(Named.of("125 bytes (largest 7-bit length)", 125)),
                Arguments.of(Named.of("126 bytes (first 16-bit length)", 126)),
                Arguments.of(Named.of("65535 bytes (largest 16-bit length)", 65_535)),
                Arguments.of(Named.of("65536 bytes (first 64-bit length)", 65_536)),
                Arguments.of(Named.of("1 MiB", 1024 * 1024)));
    }

    /** A 4 MiB frame from the server arrives whole with the default frame limit. */
    @Test
    public void inboundFrameOf4MiB_arrivesWhole() {
        RecordingListener listener = new RecordingListener();
        open(spec(server).build(), listener);
        byte[] payload = randomBytes(4 * 1024 * 1024, 4);

        acceptor.takeAccepted(TIMEOUT).peer().sendBinary(ByteBuffer.wrap(payload));

        assertThat(listener.next(Binary.class, TIMEOUT).bytes()).isEqualTo(payload);
    }

    /** A text frame from the server reaches {@code onText}. */
    @Test
    public void inboundText_reachesOnText() {
        RecordingListener listener = new RecordingListener();
        open(spec(server).build(), listener);

        acceptor.takeAccepted(TIMEOUT).peer().sendText("{\"hello\":\"text\"}");

        assertThat(listener.next(RecordingListener.Text.class, TIMEOUT).text()).isEqualTo("{\"hello\":\"text\"}");
    }

    /** 10,000 frames come back in the order they were sent. */
    @Test
    public void tenThousandFrames_arriveInOrder() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);
        int count = 10_000;
        List<CompletableFuture<Void>> sends = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sends.add(c.sendBinary(ByteBuffer.allocate(4).putInt(0, i)));
        }
        await(CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])));

        for (int i = 0; i < count; i++) {
            Binary b = listener.next(Binary.class, TIMEOUT);
            assertThat(b.data().getInt(b.data().position())).as("frame %d", i).isEqualTo(i);
        }
        assertThat(c.queuedBytes()).isZero();
    }

    /** Several threads sending at once lose no frame and keep each sender's order. */
    @Test
    public void concurrentSenders_loseNothingAndKeepPerSenderOrder() throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);
        int senders = 4;
        int perSender = 500;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<CompletableFuture<Void>> sends = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int s = 0; s < senders; s++) {
                int sender = s;
                pool.execute(() -> {
                    awaitLatch(start);
                    for (int i = 0; i < perSender; i++) {
                        sends.add(c.sendBinary(ByteBuffer.allocate(8).putInt(0, sender).putInt(4, i)));
                    }
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
        await(CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])));

        int[] nextExpected = new int[senders];
        for (int n = 0; n < senders * perSender; n++) {
            ByteBuffer b = listener.next(Binary.class, TIMEOUT).data();
            int sender = b.getInt(b.position());
            int seq = b.getInt(b.position() + 4);
            assertThat(seq).as("sender %d order", sender).isEqualTo(nextExpected[sender]);
            nextExpected[sender]++;
        }
        assertThat(nextExpected).containsOnly(perSender);
    }

    // ------------------------------------------------------------------ ping

    /** A ping is answered with a pong carrying the same payload. */
    @Test
    public void ping_isAnsweredWithPong() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);
        byte[] payload = "contract-ping".getBytes(StandardCharsets.US_ASCII);

        await(c.ping(ByteBuffer.wrap(payload)));

        assertThat(listener.next(Pong.class, TIMEOUT).bytes()).isEqualTo(payload);
    }

    // ------------------------------------------------------------------ close

    /** A client close with 1000 reaches the server, and the client sees one onClosed. */
    @Test
    public void clientClose1000_isSeenByServerAndEndsWithOnClosed() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);
        EchoAcceptor.ServerSide side = acceptor.takeAccepted(TIMEOUT);

        await(c.close(1000, "done"));

        assertThat(await(side.closed())).isEqualTo(new EchoAcceptor.Closed(1000, "done"));
        Closed closed = listener.next(Closed.class, TIMEOUT);
        assertThat(closed.code()).isEqualTo(1000);
        assertThat(c.isOpen()).isFalse();
        listener.assertNoEvent(QUIET);
    }

    /** A server close with 4001 "bye" reaches the client's onClosed with both. */
    @Test
    public void serverClose4001_isSeenByClientWithReason() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);

        acceptor.takeAccepted(TIMEOUT).peer().close(4001, "bye");

        assertThat(listener.next(Closed.class, TIMEOUT)).isEqualTo(new Closed(4001, "bye"));
        assertThat(c.isOpen()).isFalse();
        listener.assertNoEvent(QUIET);
    }

    /** A server that drops the socket without a close frame causes exactly one failure with code 1006. */
    @Test
    public void abruptDrop_deliversExactlyOneTerminalFailure() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);

        acceptor.takeAccepted(TIMEOUT).peer().abort();

        Failure failure = listener.next(Failure.class, TIMEOUT);
        assertThat(failure.cause()).isInstanceOf(DfxConnectionClosedException.class);
        DfxConnectionClosedException closed = (DfxConnectionClosedException) failure.cause();
        assertThat(closed.code()).isEqualTo(1006);
        assertThat(closed.remote()).as("dropped by the server").isTrue();
        listener.assertNoEvent(QUIET);
        assertThat(listener.terminalCount()).isEqualTo(1);
        assertThat(c.isOpen()).isFalse();
    }

    /** A local abort ends the connection with one failure (code 1006, local), and the server sees the drop. */
    @Test
    public void localAbort_deliversOneTerminalEvent() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);
        EchoAcceptor.ServerSide side = acceptor.takeAccepted(TIMEOUT);

        c.abort();

        Failure failure = listener.next(Failure.class, TIMEOUT);
        assertThat(failure.cause()).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) failure.cause()).code()).isEqualTo(1006);
        assertThat(((DfxConnectionClosedException) failure.cause()).remote()).as("dropped by this side").isFalse();
        assertThat(c.isOpen()).isFalse();
        assertThat(await(side.closed()).code()).isEqualTo(1006);
        listener.assertNoEvent(QUIET);
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    /** Sending after a close fails with a connection-closed error, never silently. */
    @Test
    public void sendAfterClose_failsWithConnectionClosed() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);
        await(c.close(1000, ""));

        Throwable error = failureOf(c.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3})));

        assertThat(error).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(failureOf(c.ping(ByteBuffer.allocate(0)))).isInstanceOf(DfxConnectionClosedException.class);
    }

    /** Sending after the server dropped the connection fails with a connection-closed error. */
    @Test
    public void sendAfterServerDrop_failsWithConnectionClosed() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);
        acceptor.takeAccepted(TIMEOUT).peer().abort();
        listener.nextTerminal(TIMEOUT);

        Throwable error = failureOf(c.sendBinary(ByteBuffer.wrap(new byte[] {1})));

        assertThat(error).isInstanceOf(DfxConnectionClosedException.class);
    }

    /** Frames the server pushes while the client closes never arrive after the terminal event. */
    @Test
    public void nothingIsDeliveredAfterClose() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).build(), listener);
        EchoAcceptor.ServerSide side = acceptor.takeAccepted(TIMEOUT);
        for (int i = 0; i < 200; i++) {
            side.peer().sendBinary(ByteBuffer.allocate(1024));
        }

        CompletableFuture<Void> closing = c.close(1000, "");
        for (int i = 0; i < 200; i++) {
            side.peer().sendBinary(ByteBuffer.allocate(1024));
        }
        await(closing);

        assertThat(listener.nextTerminal(TIMEOUT)).isInstanceOf(Closed.class);
        listener.assertNoEvent(QUIET);
        assertThat(listener.violations()).isEmpty();
    }

    // ------------------------------------------------------------------ limits

    /** A send that would overflow the outbound queue limit fails with a typed error; smaller sends still work. */
    @Test
    public void sendBeyondQueueLimit_failsWithTransportException() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).maxQueuedBytes(64).build(), listener);

        Throwable error = failureOf(c.sendBinary(ByteBuffer.wrap(new byte[4096])));

        assertThat(error).isInstanceOf(DfxTransportException.class);
        assertThat(c.isOpen()).isTrue();
        await(c.sendBinary(ByteBuffer.wrap(new byte[] {42})));
        assertThat(listener.next(Binary.class, TIMEOUT).bytes()).containsExactly(42);
    }

    /** An inbound frame above {@code maxFrameBytes} fails the connection. */
    @Test
    public void inboundFrameAboveMaxFrameBytes_failsConnection() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(spec(server).maxFrameBytes(1024).build(), listener);

        acceptor.takeAccepted(TIMEOUT).peer().sendBinary(ByteBuffer.allocate(4096));

        Failure failure = listener.next(Failure.class, TIMEOUT);
        assertThat(failure.cause()).isInstanceOf(DfxException.class);
        assertThat(c.isOpen()).isFalse();
    }

    // ------------------------------------------------------------------ TLS

    /** {@code wss} with a context that trusts the server's certificate connects and echoes. */
    @Test
    public void tls_withTrustedCertificate_connectsAndEchoes() {
        RecordingListener listener = new RecordingListener();
        Connection c = open(ConnectSpec.builder(tlsServer.uri()).sslContext(tlsServer.clientSslContext()).build(),
                listener);

        await(c.sendBinary(ByteBuffer.wrap(new byte[] {7, 7, 7})));

        assertThat(listener.next(Binary.class, TIMEOUT).bytes()).containsExactly(7, 7, 7);
        assertThat(c.subprotocol()).isEqualTo(JSON);
    }

    /** {@code wss} with the JDK's default trust fails against a self-signed certificate, not retryable. */
    @Test
    public void tls_withoutTrust_failsWithNonRetryableTransportException() {
        RecordingListener listener = new RecordingListener();

        Throwable error = connectFailure(ConnectSpec.builder(tlsServer.uri()).build(), listener);

        assertThat(error).isInstanceOf(DfxTransportException.class).isNotInstanceOf(DfxHandshakeException.class);
        assertThat(((DfxTransportException) error).retryable()).isFalse();
    }

    // ------------------------------------------------------------------ resources

    /** Closing the transport aborts open connections and leaves no thread behind. */
    @Test
    public void close_abortsConnectionsAndReleasesThreads() {
        RecordingListener plain = new RecordingListener();
        RecordingListener secure = new RecordingListener();
        Connection c = open(spec(server).build(), plain);
        open(ConnectSpec.builder(tlsServer.uri()).sslContext(tlsServer.clientSslContext()).build(), secure);
        await(c.sendBinary(ByteBuffer.wrap(new byte[] {1})));
        plain.next(Binary.class, TIMEOUT);

        long start = System.nanoTime();
        transport.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close() duration").isLessThan(TIMEOUT);
        assertThat(plain.nextTerminal(TIMEOUT)).isNotNull();
        assertThat(secure.nextTerminal(TIMEOUT)).isNotNull();
        assertThat(c.isOpen()).isFalse();
        assertThat(failureOf(c.sendBinary(ByteBuffer.wrap(new byte[] {2}))))
                .isInstanceOf(DfxConnectionClosedException.class);
        assertThat(leftoverThreads(TIMEOUT)).as("threads started by the transport and still alive").isEmpty();
        assertThat(failureOf(transport.connect(spec(server).build(), new RecordingListener())))
                .isInstanceOf(DfxException.class);
    }

    // ------------------------------------------------------------------ helpers for the tests above

    /** @return the transport under test for the current test */
    protected final Transport transport() {
        return transport;
    }

    private static ConnectSpec.Builder spec(WebSocketServerFrontEnd target) {
        return ConnectSpec.builder(target.uri()).connectTimeout(TIMEOUT);
    }

    private Connection open(ConnectSpec spec, RecordingListener listener) {
        allListeners.add(listener);
        CompletableFuture<Connection> future = connectMarked(spec, listener);
        Connection c = await(future);
        assertThat(c).as("connection").isNotNull();
        openedListeners.add(listener);
        return c;
    }

    private Throwable connectFailure(ConnectSpec spec, RecordingListener listener) {
        allListeners.add(listener);
        Throwable error = failureOf(connectMarked(spec, listener));
        listener.assertNoEvent(QUIET);
        return error;
    }

    private CompletableFuture<Connection> connectMarked(ConnectSpec spec, RecordingListener listener) {
        listener.connecting(Thread.currentThread());
        try {
            CompletableFuture<Connection> f = transport.connect(spec, listener);
            assertThat(f).as("connect() result").isNotNull();
            return f;
        } finally {
            listener.connecting(null);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete within " + TIMEOUT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(thrown).as("the future should fail").isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void awaitTerminalCount(RecordingListener l) {
        if (l.terminalCount() == 0) {
            Event e = l.nextTerminal(TIMEOUT);
            assertThat(e.terminal()).isTrue();
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static int unusedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<Thread> liveThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /**
     * Threads that were not alive at the baseline, excluding the suite's own servers and the JDK's shared pools,
     * after letting each finish within the bound (a join, not a blind sleep).
     */
    private List<String> leftoverThreads(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        List<String> left = new ArrayList<>();
        Consumer<Thread> check = t -> {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (t.isAlive()) {
                left.add(t.getName());
            }
        };
        for (Thread t : liveThreads()) {
            if (!baselineThreads.contains(t) && !ignoredThread(t)) {
                check.accept(t);
            }
        }
        return left;
    }

    private static boolean ignoredThread(Thread t) {
        String name = t.getName();
        return name.startsWith(WebSocketServerFrontEnd.THREAD_NAME_PREFIX)
                || name.startsWith("ForkJoinPool.commonPool-worker")
                || name.equals("process reaper");
    }
}
