package dev.dfx.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NettyTransport} against a real Netty WebSocket server on loopback ({@link EchoServer}). Every test runs
 * with paranoid leak detection and fails on a leak report ({@link LeakDetectionExtension}).
 */
@ExtendWith(LeakDetectionExtension.class)
class NettyTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static EchoServer server;
    private NettyTransport transport;

    @BeforeAll
    static void startServer() throws InterruptedException {
        server = EchoServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void newTransport() {
        server.clearUpgradeHeaders();
        transport = NettyTransport.create();
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    // ------------------------------------------------------------------ connect

    @Test
    void connect_negotiatesJsonAndSendsHeaders() throws Exception {
        ConnectSpec spec = spec("/ws").header("Authorization", "Bearer test-token").build();

        Connection connection = open(spec, new RecordingListener());

        assertThat(connection.subprotocol()).isEqualTo("json");
        assertThat(connection.isOpen()).isTrue();
        Map<String, String> headers = server.nextUpgradeHeaders();
        assertThat(headers).containsEntry("authorization", "Bearer test-token")
                .containsEntry("sec-websocket-protocol", "json");
    }

    @Test
    void connect_toRefusedPort_failsRetryableWithoutListenerCalls() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RecordingListener listener = new RecordingListener();

        Throwable failure = connectFailure(ConnectSpec.builder(URI.create("ws://127.0.0.1:" + port + "/ws")).build(),
                listener);

        assertThat(failure).isExactlyInstanceOf(DfxTransportException.class).hasCauseInstanceOf(Exception.class);
        assertThat(((DfxTransportException) failure).retryable()).isTrue();
        assertThat(listener.eventCount()).isZero();
    }

    @Test
    void connect_rejectedWith401_failsWithHandshakeStatus() throws Exception {
        RecordingListener listener = new RecordingListener();

        Throwable failure = connectFailure(spec("/reject").build(), listener);

        assertThat(failure).isInstanceOf(DfxHandshakeException.class);
        assertThat(((DfxHandshakeException) failure).status()).isEqualTo(401);
        assertThat(((DfxHandshakeException) failure).retryable()).isFalse();
        assertThat(failure.getCause()).isNotNull();
        assertThat(listener.eventCount()).isZero();
    }

    @Test
    void connect_whenServerSelectsNoOfferedSubprotocol_failsWithNoStatus() throws Exception {
        RecordingListener listener = new RecordingListener();

        Throwable failure = connectFailure(spec("/ws").subprotocols(List.of("xml")).build(), listener);

        assertThat(failure).isInstanceOf(DfxHandshakeException.class);
        assertThat(((DfxHandshakeException) failure).status()).isEqualTo(DfxHandshakeException.NO_STATUS);
        assertThat(listener.eventCount()).isZero();
    }

    @Test
    void connect_toStalledHandshake_timesOut() throws Exception {
        RecordingListener listener = new RecordingListener();
        Duration timeout = Duration.ofMillis(300);

        Throwable failure = connectFailure(spec("/stall").connectTimeout(timeout).build(), listener);

        assertThat(failure).isInstanceOf(DfxTimeoutException.class);
        assertThat(((DfxTimeoutException) failure).limit()).isEqualTo(timeout);
        assertThat(listener.eventCount()).isZero();
    }

    @Test
    void connect_rejectsNullArguments() {
        assertThatThrownBy(() -> transport.connect(null, new RecordingListener()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("spec");
        assertThatThrownBy(() -> transport.connect(spec("/ws").build(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("listener");
    }

    // ------------------------------------------------------------------ frames

    static Stream<Arguments> frameSizes() {
        return Stream.of(0, 1, 125, 126, 65_535, 65_536, 1024 * 1024)
                .map(size -> Arguments.of(Named.of(size + " bytes", size)));
    }

    @ParameterizedTest
    @MethodSource("frameSizes")
    void binaryFrame_isEchoedAsReadOnlyCopy(int size) throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        if (size >= 4) {
            bytes[0] = 'x'; // never a server command
        }
        ByteBuffer out = ByteBuffer.wrap(bytes);

        connection.sendBinary(out).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ByteBuffer echoed = listener.nextBinary(WAIT);

        assertThat(echoed).isNotNull();
        assertThat(echoed.isReadOnly()).isTrue();
        byte[] received = new byte[echoed.remaining()];
        echoed.get(received);
        assertThat(received).isEqualTo(bytes);
        assertThat(out.position()).isZero();
        assertThat(connection.queuedBytes()).isZero();
    }

    @Test
    void tenThousandFrames_arriveInOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);
        int count = 10_000;
        List<CompletableFuture<Void>> sends = new ArrayList<>(count);

        for (int i = 0; i < count; i++) {
            sends.add(connection.sendBinary(ByteBuffer.allocate(4).putInt(0, i)));
        }

        CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            ByteBuffer frame = listener.nextBinary(WAIT);
            assertThat(frame).as("frame %d", i).isNotNull();
            assertThat(frame.getInt(0)).isEqualTo(i);
        }
        assertThat(connection.queuedBytes()).isZero();
        assertThat(listener.overlappingCalls()).isZero();
    }

    @Test
    void concurrentSenders_eachSendersFramesArriveInOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);
        int senders = 4;
        int perSender = 500;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perSender; i++) {
                        connection.sendBinary(ByteBuffer.allocate(8).putInt(0, sender).putInt(4, i));
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        int[] next = new int[senders];
        for (int n = 0; n < senders * perSender; n++) {
            ByteBuffer frame = listener.nextBinary(WAIT);
            assertThat(frame).as("frame %d", n).isNotNull();
            int sender = frame.getInt(0);
            assertThat(frame.getInt(4)).isEqualTo(next[sender]);
            next[sender]++;
        }
        assertThat(next).containsOnly(perSender);
    }

    @Test
    void fragmentedMessage_isDeliveredAsOneFrame() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);

        command(connection, "frag:3000:3");
        ByteBuffer message = listener.nextBinary(WAIT);

        assertThat(message).isNotNull();
        assertThat(message.remaining()).isEqualTo(3000);
        assertThat(message.get(2999)).isEqualTo((byte) (2999 & 0x7f));
        assertThat(listener.nextBinary(Duration.ofMillis(100))).isNull();
    }

    @Test
    void textFrame_isDeliveredAsString() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);

        command(connection, "text:h\u00e9llo");

        assertThat(listener.nextText(WAIT)).isEqualTo("h\u00e9llo");
    }

    @Test
    void frameLargerThanMaxFrameBytes_failsConnectionWith1009() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").maxFrameBytes(1024).build(), listener);

        connection.sendBinary(ByteBuffer.wrap(new byte[2048]));
        RecordingListener.Terminal terminal = listener.terminal(WAIT);

        assertThat(terminal.cause()).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) terminal.cause()).code()).isEqualTo(1009);
        assertThat(listener.nextBinary(Duration.ofMillis(100))).isNull();
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    @Test
    void fragmentedMessageLargerThanMaxFrameBytes_failsConnectionWith1009() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").maxFrameBytes(2048).build(), listener);

        command(connection, "frag:3000:3");
        RecordingListener.Terminal terminal = listener.terminal(WAIT);

        assertThat(terminal.cause()).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) terminal.cause()).code()).isEqualTo(1009);
        assertThat(listener.nextBinary(Duration.ofMillis(100))).isNull();
    }

    @Test
    void sendBeyondMaxQueuedBytes_failsWithTransportExceptionAndConnectionStaysOpen() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").maxQueuedBytes(100).build(), listener);

        ExecutionException tooBig = catchThrowableOfType(ExecutionException.class,
                () -> connection.sendBinary(ByteBuffer.allocate(200)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));

        assertThat(tooBig.getCause()).isExactlyInstanceOf(DfxTransportException.class);
        assertThat(connection.isOpen()).isTrue();
        connection.sendBinary(ByteBuffer.allocate(50)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(listener.nextBinary(WAIT)).isNotNull();
    }

    @Test
    void sendBinary_rejectsNull() throws Exception {
        Connection connection = open(spec("/ws").build(), new RecordingListener());

        assertThatThrownBy(() -> connection.sendBinary(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("frame");
    }

    // ------------------------------------------------------------------ ping / pong

    @Test
    void ping_isAnsweredWithPongCarryingPayload() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);

        connection.ping(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ByteBuffer pong = listener.nextPong(WAIT);

        assertThat(pong).isNotNull();
        assertThat(pong.isReadOnly()).isTrue();
        assertThat(StandardCharsets.US_ASCII.decode(pong).toString()).isEqualTo("hi");
    }

    @Test
    void serverPing_isAnsweredWithPong() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);

        command(connection, "ping:abc");

        assertThat(listener.nextText(WAIT)).isEqualTo("got-pong:abc");
    }

    @Test
    void ping_withPayloadOver125Bytes_isRejected() throws Exception {
        Connection connection = open(spec("/ws").build(), new RecordingListener());

        assertThatThrownBy(() -> connection.ping(ByteBuffer.allocate(126)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload");
    }

    // ------------------------------------------------------------------ close

    @Test
    void clientClose_completesAndReportsCodeOnce() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);

        connection.close(4001, "bye").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        RecordingListener.Terminal terminal = listener.terminal(WAIT);

        assertThat(terminal.cause()).isNull();
        assertThat(terminal.code()).isEqualTo(4001);
        assertThat(terminal.reason()).isEqualTo("bye");
        assertThat(connection.isOpen()).isFalse();
        connection.close(1000, "again").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(listener.terminalCount()).isEqualTo(1);
        assertThat(listener.eventsAfterTerminal()).isZero();
    }

    @Test
    void serverClose_reportsCodeAndReason() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);

        command(connection, "close:4000:server-bye");
        RecordingListener.Terminal terminal = listener.terminal(WAIT);

        assertThat(terminal.cause()).isNull();
        assertThat(terminal.code()).isEqualTo(4000);
        assertThat(terminal.reason()).isEqualTo("server-bye");
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void sendAfterClose_failsWithConnectionClosed() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);
        command(connection, "close:4000:server-bye");
        listener.terminal(WAIT);

        ExecutionException failure = catchThrowableOfType(ExecutionException.class,
                () -> connection.sendBinary(ByteBuffer.allocate(1)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));

        assertThat(failure.getCause()).isInstanceOf(DfxConnectionClosedException.class);
        DfxConnectionClosedException closed = (DfxConnectionClosedException) failure.getCause();
        assertThat(closed.code()).isEqualTo(4000);
        assertThat(closed.remote()).isTrue();
    }

    @Test
    void abruptDrop_reportsExactlyOneFailureWith1006() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);

        command(connection, "drop");
        RecordingListener.Terminal terminal = listener.terminal(WAIT);
        connection.abort();
        connection.close(1000, "").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(terminal.cause()).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) terminal.cause()).code()).isEqualTo(1006);
        assertThat(((DfxConnectionClosedException) terminal.cause()).remote()).isTrue();
        assertThat(listener.terminalCount()).isEqualTo(1);
        assertThat(listener.eventsAfterTerminal()).isZero();
    }

    @Test
    void abort_reportsLocalFailureWith1006() throws Exception {
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);

        connection.abort();
        RecordingListener.Terminal terminal = listener.terminal(WAIT);

        assertThat(terminal.cause()).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) terminal.cause()).code()).isEqualTo(1006);
        assertThat(((DfxConnectionClosedException) terminal.cause()).remote()).isFalse();
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void close_whenServerNeverAnswers_dropsSocketAfterBoundedWait() throws Exception {
        try (EchoServer silent = EchoServer.startIgnoringClose()) {
            RecordingListener listener = new RecordingListener();
            ConnectSpec spec = ConnectSpec.builder(silent.uri("/ws")).connectTimeout(Duration.ofMillis(300)).build();
            Connection connection = transport.connect(spec, listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            connection.close(1000, "done").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            RecordingListener.Terminal terminal = listener.terminal(WAIT);

            assertThat(terminal.cause()).isInstanceOf(DfxConnectionClosedException.class);
            assertThat(((DfxConnectionClosedException) terminal.cause()).code()).isEqualTo(1006);
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void close_rejectsReservedCodeAndLongReason() throws Exception {
        Connection connection = open(spec("/ws").build(), new RecordingListener());

        assertThatThrownBy(() -> connection.close(1006, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("code");
        assertThatThrownBy(() -> connection.close(1000, "x".repeat(124)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThat(connection.isOpen()).isTrue();
    }

    // ------------------------------------------------------------------ threads and lifecycle

    /**
     * Which thread completes each future, observed without a race (issue 15): a stage attached to an already
     * completed future runs on the attaching thread ({@code main}), so the one event loop of a user group is held
     * while the operation starts and the stage is attached, and only then released. The operation cannot complete
     * before that, so the stage runs on the thread that completes the future.
     */
    @Test
    void futures_completeOffTheEventLoop_listenerRunsOnIt() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                (ThreadFactory) r -> new Thread(r, "test-netty-io-" + System.nanoTime()), NioIoHandler.newFactory());
        try (NettyTransport own = NettyTransport.create(group)) {
            RecordingListener listener = new RecordingListener();

            String connectThread = completingThread(group, () -> own.connect(spec("/ws").build(), listener));
            Connection connection = own.connect(spec("/ws").build(), listener).get(WAIT.toMillis(),
                    TimeUnit.MILLISECONDS);
            String sendThread = completingThread(group, () -> connection.sendBinary(ByteBuffer.allocate(64 * 1024)));
            assertThat(listener.nextBinary(WAIT)).isNotNull();
            String closeThread = completingThread(group, () -> connection.close(1000, ""));

            assertThat(List.of(connectThread, sendThread, closeThread)).allMatch(
                    name -> name.startsWith("dfx-netty-callback-"), "completed on the transport's callback thread");
            assertThat(listener.threadNames).isNotEmpty().allMatch(name -> name.startsWith("test-netty-io-"));
        } finally {
            group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts {@code operation} while the group's only event loop is held, attaches a stage that records its thread,
     * checks the future is still pending, releases the loop and returns the recorded thread name.
     */
    private static String completingThread(EventLoopGroup group,
            Supplier<? extends CompletableFuture<?>> operation) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        group.execute(() -> {
            held.countDown();
            try {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("event loop held").isTrue();
            CompletableFuture<?> future = operation.get();
            CompletableFuture<String> thread = future.thenApply(v -> Thread.currentThread().getName());
            assertThat(thread).as("pending while the event loop is held").isNotDone();
            release.countDown();
            return thread.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            release.countDown();
        }
    }

    @Test
    void transportClose_returnsThreadCountToBaseline() throws Exception {
        Set<Thread> baseline = Set.copyOf(Thread.getAllStackTraces().keySet());
        RecordingListener listener = new RecordingListener();
        Connection connection = open(spec("/ws").build(), listener);
        connection.sendBinary(ByteBuffer.allocate(10)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(listener.nextBinary(WAIT)).isNotNull();
        List<Thread> started = newThreads(baseline);
        assertThat(started).extracting(Thread::getName).anyMatch(n -> n.startsWith("dfx-netty-io-"))
                .anyMatch(n -> n.startsWith("dfx-netty-callback-"));

        transport.close();

        for (Thread thread : newThreads(baseline)) {
            thread.join(5_000);
        }
        assertThat(newThreads(baseline)).extracting(Thread::getName).isEmpty();
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    @Test
    void transportClose_abortsOpenConnections_isIdempotent_andRefusesNewConnects() throws Exception {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        Connection a = open(spec("/ws").build(), first);
        Connection b = open(spec("/ws").build(), second);

        transport.close();
        transport.close();

        assertThat(first.terminal(WAIT).cause()).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) first.terminal(WAIT).cause()).remote()).isFalse();
        assertThat(second.terminal(WAIT).cause()).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isFalse();
        Throwable refused = connectFailure(spec("/ws").build(), new RecordingListener());
        assertThat(refused).isInstanceOf(DfxTransportException.class);
        assertThat(((DfxTransportException) refused).retryable()).isFalse();
    }

    @Test
    void userGroup_isNotShutDownByClose() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            RecordingListener listener = new RecordingListener();
            try (NettyTransport own = NettyTransport.create(group)) {
                Connection connection = own.connect(spec("/ws").build(), listener)
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                connection.sendBinary(ByteBuffer.allocate(3)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(listener.nextBinary(WAIT)).isNotNull();
            }

            assertThat(listener.terminal(WAIT).cause()).isInstanceOf(DfxConnectionClosedException.class);
            assertThat(group.isShuttingDown()).isFalse();
            assertThat(group.submit(() -> "still running").get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo("still running");
        } finally {
            group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void create_rejectsNullGroup() {
        assertThatThrownBy(() -> NettyTransport.create(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("userGroup");
    }

    // ------------------------------------------------------------------ helpers

    private static ConnectSpec.Builder spec(String path) {
        return ConnectSpec.builder(server.uri(path)).connectTimeout(Duration.ofSeconds(5));
    }

    private Connection open(ConnectSpec spec, RecordingListener listener) throws Exception {
        return transport.connect(spec, listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Throwable connectFailure(ConnectSpec spec, RecordingListener listener) {
        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> transport.connect(spec, listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(e).as("connect should have failed").isNotNull();
        return e.getCause();
    }

    private static void command(Connection connection, String command) throws Exception {
        connection.sendBinary(ByteBuffer.wrap((EchoServer.COMMAND + command).getBytes(StandardCharsets.UTF_8)))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<Thread> newThreads(Set<Thread> baseline) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !baseline.contains(t) && t.isAlive())
                .collect(Collectors.toList());
    }
}
