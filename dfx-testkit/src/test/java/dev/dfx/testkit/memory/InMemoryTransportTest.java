package dev.dfx.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.InMemoryRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InMemoryTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicLong IDS = new AtomicLong();

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final InMemoryTransport transport = InMemoryTransport.create();

    @AfterEach
    void tearDown() throws Exception {
        transport.close();
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private URI register(ConnectionAcceptor acceptor) {
        URI uri = URI.create("ws://inmem-test-" + IDS.incrementAndGet() + ".test/dfx");
        cleanup.add(InMemoryRegistry.register(uri, acceptor));
        return uri;
    }

    private static ConnectSpec spec(URI uri) {
        return ConnectSpec.builder(uri).build();
    }

    private Connection connect(URI uri, ConnectionListener listener) throws Exception {
        return transport.connect(spec(uri), listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time", e);
        }
        throw new AssertionError("future completed normally");
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String string(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    private static Set<Thread> ioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("dfx-inmemory-io-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    // ------------------------------------------------------------------ connect

    @Test
    void connect_toEchoServer_opensWithJsonSubprotocol() throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();

        Connection c = connect(uri, listener);

        assertThat(c.isOpen()).isTrue();
        assertThat(c.subprotocol()).isEqualTo("json");
        assertThat(c.queuedBytes()).isZero();
    }

    @Test
    void connect_withNoServerAtUri_failsRetryableConnectionRefusedAndCallsNoListener() {
        RecordingListener listener = new RecordingListener();

        Throwable t = failureOf(transport.connect(spec(URI.create("ws://nobody-here.test/")), listener));

        assertThat(t).isExactlyInstanceOf(DfxTransportException.class).hasMessageContaining("connection refused");
        assertThat(((DfxTransportException) t).retryable()).isTrue();
        assertThat(listener.events.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 404, 503})
    void connect_rejectedUpgrade_failsHandshakeExceptionWithStatus(int status) {
        URI uri = register(EchoAcceptor.rejecting(status));
        RecordingListener listener = new RecordingListener();

        Throwable t = failureOf(transport.connect(spec(uri), listener));

        assertThat(t).isInstanceOf(DfxHandshakeException.class);
        assertThat(((DfxHandshakeException) t).status()).isEqualTo(status);
        assertThat(((DfxHandshakeException) t).retryable()).isFalse();
        assertThat(listener.events.get()).isZero();
    }

    @Test
    void connect_stalledUpgrade_failsWithTimeoutAfterConnectTimeout() {
        URI uri = register(EchoAcceptor.stalling());
        RecordingListener listener = new RecordingListener();
        ConnectSpec spec = ConnectSpec.builder(uri).connectTimeout(Duration.ofMillis(200)).build();
        long start = System.nanoTime();

        Throwable t = failureOf(transport.connect(spec, listener));

        assertThat(t).isInstanceOf(DfxTimeoutException.class);
        assertThat(((DfxTimeoutException) t).limit()).isEqualTo(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(listener.events.get()).isZero();
    }

    @Test
    void connect_acceptedWithoutSubprotocol_failsNoJsonAndServerSeesAbnormalClose() throws Exception {
        EchoAcceptor echo = EchoAcceptor.withoutSubprotocol();
        URI uri = register(echo);
        RecordingListener listener = new RecordingListener();

        Throwable t = failureOf(transport.connect(spec(uri), listener));

        assertThat(t).isInstanceOf(DfxHandshakeException.class).hasMessageContaining("no json subprotocol");
        assertThat(((DfxHandshakeException) t).status()).isEqualTo(DfxHandshakeException.NO_STATUS);
        assertThat(echo.takeClosed(WAIT)).isEqualTo(new EchoAcceptor.Closed(1006, ""));
        assertThat(listener.events.get()).isZero();
    }

    @Test
    void connect_acceptedWithSubprotocolNotOffered_failsNoJson() {
        URI uri = register(EchoAcceptor.selecting("xml"));

        Throwable t = failureOf(transport.connect(spec(uri), new RecordingListener()));

        assertThat(t).isInstanceOf(DfxHandshakeException.class).hasMessageContaining("no json subprotocol");
    }

    @Test
    void connect_offeringNoSubprotocol_opensWithNone() throws Exception {
        URI uri = register(EchoAcceptor.create());
        ConnectSpec spec = ConnectSpec.builder(uri).subprotocols(List.of()).build();

        Connection c = transport.connect(spec, new RecordingListener()).get(10, TimeUnit.SECONDS);

        assertThat(c.subprotocol()).isNull();
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void connect_buildsHandshakeRequestWithPathLowerCaseHeadersSubprotocolsAndRemote() throws Exception {
        EchoAcceptor echo = EchoAcceptor.create();
        URI base = register(echo);
        ConnectSpec spec = ConnectSpec.builder(base).subprotocols(List.of("json", "proto"))
                .header("Authorization", "Bearer t0ken").header("X-Custom", "v").build();

        transport.connect(spec, new RecordingListener()).get(10, TimeUnit.SECONDS);
        HandshakeRequest request = echo.takeHandshake(WAIT);

        assertThat(request.path()).isEqualTo("/dfx");
        assertThat(request.headers()).containsEntry("authorization", List.of("Bearer t0ken"))
                .containsEntry("x-custom", List.of("v"))
                .containsEntry("sec-websocket-protocol", List.of("json, proto"));
        assertThat(request.headers().keySet()).allMatch(k -> k.equals(k.toLowerCase(java.util.Locale.ROOT)));
        assertThat(request.subprotocols()).containsExactly("json", "proto");
        assertThat(request.remoteAddress()).isEqualTo("in-memory");
    }

    @Test
    void connect_runsHandshakeAndCompletesOnIoThreadNotCallerThread() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        URI uri = register(acceptor);
        String caller = Thread.currentThread().getName();

        connect(uri, new RecordingListener());

        assertThat(acceptor.threadNames).isNotEmpty().allMatch(n -> n.startsWith("dfx-inmemory-io-"))
                .doesNotContain(caller);
    }

    @Test
    void connect_serverSendsWhileAccepting_listenerHearsItOnlyAfterFutureCompleted() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        acceptor.onAcceptHook = peer -> peer.sendText("hello");
        URI uri = register(acceptor);
        CompletableFuture<CompletableFuture<Connection>> connectFuture = new CompletableFuture<>();
        CompletableFuture<Boolean> doneWhenHeard = new CompletableFuture<>();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onText(String text) {
                doneWhenHeard.complete(connectFuture.join().isDone());
                super.onText(text);
            }
        };

        connectFuture.complete(transport.connect(spec(uri), listener));

        assertThat(doneWhenHeard.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.next(WAIT)).isEqualTo("hello");
    }

    @Test
    void connect_afterTransportClosed_failsNotRetryable() {
        URI uri = register(EchoAcceptor.create());
        transport.close();

        Throwable t = failureOf(transport.connect(spec(uri), new RecordingListener()));

        assertThat(t).isInstanceOf(DfxTransportException.class);
        assertThat(((DfxTransportException) t).retryable()).isFalse();
    }

    @Test
    void connect_withNullArguments_throwsNamingTheArgument() {
        URI uri = register(EchoAcceptor.create());

        assertThatThrownBy(() -> transport.connect(null, new RecordingListener()))
                .isInstanceOf(NullPointerException.class).hasMessage("spec");
        assertThatThrownBy(() -> transport.connect(spec(uri), null))
                .isInstanceOf(NullPointerException.class).hasMessage("listener");
    }

    // ------------------------------------------------------------------ frames

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 1024 * 1024})
    void sendBinary_ofAnySize_isEchoedByteForByte(int size) throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);
        ByteBuffer frame = EchoAcceptor.patternFrame(7, size);

        c.sendBinary(frame.duplicate()).get(10, TimeUnit.SECONDS);

        assertThat(listener.nextBinary(WAIT)).isEqualTo(frame);
    }

    @Test
    void buffers_areReadOnlyCopies_mutatingAfterSendDoesNotChangeWhatArrived() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        URI uri = register(acceptor);
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);
        RecordingAcceptor.Server server = acceptor.servers.poll(10, TimeUnit.SECONDS);
        byte[] raw = {1, 2, 3, 4};
        ByteBuffer sent = ByteBuffer.wrap(raw);

        c.sendBinary(sent).get(10, TimeUnit.SECONDS);
        raw[0] = 99;
        ByteBuffer atServer = (ByteBuffer) server.received.poll(10, TimeUnit.SECONDS);
        byte[] out = {5, 6, 7};
        server.peer.sendBinary(ByteBuffer.wrap(out));
        out[0] = 99;
        ByteBuffer atClient = listener.nextBinary(WAIT);

        assertThat(atServer.isReadOnly()).isTrue();
        assertThat(atServer).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        assertThat(atClient.isReadOnly()).isTrue();
        assertThat(atClient).isEqualTo(ByteBuffer.wrap(new byte[] {5, 6, 7}));
        assertThat(sent.position()).isZero();
    }

    @Test
    void tenThousandFrames_arriveInOrder() throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);
        List<CompletableFuture<Void>> sends = new ArrayList<>();

        for (int i = 0; i < 10_000; i++) {
            sends.add(c.sendBinary(EchoAcceptor.patternFrame(i, 8)));
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

        for (int i = 0; i < 10_000; i++) {
            assertThat(listener.nextBinary(WAIT).getInt(0)).isEqualTo(i);
        }
        assertThat(listener.violations).isEmpty();
    }

    @Test
    void serverSendCommand_deliversRequestedFramesInOrder() throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);

        c.sendBinary(bytes("cmd:send 300 33"));

        for (int i = 0; i < 300; i++) {
            assertThat(listener.nextBinary(WAIT)).isEqualTo(EchoAcceptor.patternFrame(i, 33));
        }
    }

    @Test
    void concurrentSenders_fourThreadsThousandFramesEach_noneLostEachThreadsOrderKept() throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);
        List<Thread> senders = new ArrayList<>();
        List<CompletableFuture<Void>> sends = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            senders.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 1000; i++) {
                    ByteBuffer b = ByteBuffer.allocate(8).putInt(thread).putInt(i).flip();
                    sends.add(c.sendBinary(b));
                }
            }));
        }
        senders.forEach(Thread::start);
        start.countDown();
        for (Thread s : senders) {
            s.join(30_000);
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

        int[] next = new int[4];
        for (int n = 0; n < 4000; n++) {
            ByteBuffer b = listener.nextBinary(WAIT);
            int thread = b.getInt(0);
            assertThat(b.getInt(4)).as("frame order of thread %d", thread).isEqualTo(next[thread]);
            next[thread]++;
        }
        assertThat(next).containsExactly(1000, 1000, 1000, 1000);
        assertThat(listener.violations).isEmpty();
    }

    @Test
    void sendBinary_pastMaxQueuedBytes_failsWithTransportExceptionAndQueueDrainsAfter() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        acceptor.onBinaryHook = b -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        URI uri = register(acceptor);
        ConnectSpec spec = ConnectSpec.builder(uri).maxQueuedBytes(1000).build();
        Connection c = transport.connect(spec, new RecordingListener()).get(10, TimeUnit.SECONDS);

        c.sendBinary(ByteBuffer.allocate(100)).get(10, TimeUnit.SECONDS);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> queued = c.sendBinary(ByteBuffer.allocate(600));
        long queuedBytes = c.queuedBytes();
        Throwable overflow = failureOf(c.sendBinary(ByteBuffer.allocate(500)));
        release.countDown();
        queued.get(10, TimeUnit.SECONDS);

        assertThat(queuedBytes).isEqualTo(600);
        assertThat(overflow).isExactlyInstanceOf(DfxTransportException.class).hasMessageContaining("queue");
        assertThat(c.queuedBytes()).isZero();
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void sendAndPing_afterClose_failWithConnectionClosed() throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);

        c.close(1000, "done").get(10, TimeUnit.SECONDS);

        assertThat(c.isOpen()).isFalse();
        assertThat(failureOf(c.sendBinary(bytes("x")))).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(failureOf(c.ping(bytes("x")))).isInstanceOf(DfxConnectionClosedException.class);
    }

    @Test
    void inboundBinaryOverMaxFrameBytes_failsClientWith1009_serverSeesClose1009() throws Exception {
        EchoAcceptor echo = EchoAcceptor.create();
        URI uri = register(echo);
        RecordingListener listener = new RecordingListener();
        ConnectSpec spec = ConnectSpec.builder(uri).maxFrameBytes(100).build();
        Connection c = transport.connect(spec, listener).get(10, TimeUnit.SECONDS);

        c.sendBinary(ByteBuffer.allocate(100)).get(10, TimeUnit.SECONDS);
        c.sendBinary(ByteBuffer.allocate(101));
        assertThat(listener.nextBinary(WAIT).remaining()).isEqualTo(100);
        RecordingListener.Terminal terminal = listener.awaitTerminal(WAIT);

        assertThat(terminal.failure()).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) terminal.failure()).code()).isEqualTo(1009);
        assertThat(echo.takeClosed(WAIT).code()).isEqualTo(1009);
        assertThat(listener.inbound).isEmpty();
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void inboundTextOverMaxFrameBytesInUtf8_closesWith1009() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        URI uri = register(acceptor);
        RecordingListener listener = new RecordingListener();
        ConnectSpec spec = ConnectSpec.builder(uri).maxFrameBytes(4).build();
        transport.connect(spec, listener).get(10, TimeUnit.SECONDS);
        RecordingAcceptor.Server server = acceptor.servers.poll(10, TimeUnit.SECONDS);

        server.peer.sendText("éé"); // 4 bytes: fits
        server.peer.sendText("ééé"); // 6 bytes: too big

        assertThat(listener.next(WAIT)).isEqualTo("éé");
        Throwable failure = listener.awaitTerminal(WAIT).failure();
        assertThat(failure).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) failure).code()).isEqualTo(1009);
        assertThat(server.closed.get(10, TimeUnit.SECONDS)).startsWith("1009");
    }

    // ------------------------------------------------------------------ ping / pong

    @Test
    void ping_reachesServerWhichAnswersWithPong() throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);

        c.ping(bytes("are you there")).get(10, TimeUnit.SECONDS);

        Object event = listener.next(WAIT);
        assertThat(event).isInstanceOf(RecordingListener.Pong.class);
        assertThat(string(((RecordingListener.Pong) event).payload())).isEqualTo("are you there");
    }

    @Test
    void ping_isNeverAnsweredByTransportItself() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        URI uri = register(acceptor);
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);
        RecordingAcceptor.Server server = acceptor.servers.poll(10, TimeUnit.SECONDS);

        c.ping(bytes("p")).get(10, TimeUnit.SECONDS);
        Object atServer = server.received.poll(10, TimeUnit.SECONDS);
        server.peer.sendText("marker");

        assertThat(atServer).isInstanceOf(RecordingListener.Pong.class);
        assertThat(listener.next(WAIT)).isEqualTo("marker"); // no pong came before the marker
    }

    @Test
    void ping_withPayloadOver125Bytes_throwsIllegalArgument() throws Exception {
        URI uri = register(EchoAcceptor.create());
        Connection c = connect(uri, new RecordingListener());

        assertThatThrownBy(() -> c.ping(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload");
        assertThatThrownBy(() -> c.sendBinary(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("frame");
    }

    @Test
    void serverPing_isAutoAnsweredByClientSideWithoutTellingListener() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        URI uri = register(acceptor);
        RecordingListener listener = new RecordingListener();
        connect(uri, listener);
        RecordingAcceptor.Server server = acceptor.servers.poll(10, TimeUnit.SECONDS);

        server.peer.ping(bytes("hb"));
        Object pong = server.received.poll(10, TimeUnit.SECONDS);
        server.peer.sendText("marker");

        assertThat(pong).isInstanceOf(RecordingListener.Pong.class);
        assertThat(string(((RecordingListener.Pong) pong).payload())).isEqualTo("hb");
        assertThat(listener.next(WAIT)).isEqualTo("marker");
    }

    // ------------------------------------------------------------------ close and abort

    @Test
    void close_isGraceful_serverHearsCloseBeforeClientAndFutureCompletes() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        RecordingAcceptor acceptor = new RecordingAcceptor(log);
        URI uri = register(acceptor);
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onClosed(int code, String reason) {
                log.add("client:closed " + code + " " + reason);
                super.onClosed(code, reason);
            }
        };
        Connection c = connect(uri, listener);

        c.close(4000, "bye").get(10, TimeUnit.SECONDS);

        assertThat(log).containsExactly("server:closed 4000 bye", "client:closed 4000 bye");
        assertThat(listener.terminal.getNow(null)).isEqualTo(new RecordingListener.Terminal(4000, "bye", null));
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void close_deliversFramesQueuedBeforeIt() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        URI uri = register(acceptor);
        Connection c = connect(uri, new RecordingListener());
        RecordingAcceptor.Server server = acceptor.servers.poll(10, TimeUnit.SECONDS);

        CompletableFuture<Void> sent = c.sendBinary(bytes("last words"));
        c.close(1000, "").get(10, TimeUnit.SECONDS);

        sent.get(10, TimeUnit.SECONDS);
        assertThat(server.received.poll(10, TimeUnit.SECONDS)).isEqualTo(bytes("last words"));
        assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 ");
    }

    @Test
    void close_withUnsendableCodeOrLongReason_throwsIllegalArgument() throws Exception {
        URI uri = register(EchoAcceptor.create());
        Connection c = connect(uri, new RecordingListener());

        assertThatThrownBy(() -> c.close(1006, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("code");
        assertThatThrownBy(() -> c.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> c.close(1000, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("reason");
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void serverClose_givesClientOnClosedWithCodeAndReason_andLaterSendsFailRemote() throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);

        c.sendBinary(bytes("cmd:close 4001 going away"));
        RecordingListener.Terminal terminal = listener.awaitTerminal(WAIT);

        assertThat(terminal).isEqualTo(new RecordingListener.Terminal(4001, "going away", null));
        assertThat(c.isOpen()).isFalse();
        Throwable t = failureOf(c.sendBinary(bytes("x")));
        assertThat(t).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) t).remote()).isTrue();
        assertThat(((DfxConnectionClosedException) t).code()).isEqualTo(4001);
    }

    @Test
    void abort_givesClientLocal1006FailureAndServerAbnormalClose() throws Exception {
        EchoAcceptor echo = EchoAcceptor.create();
        URI uri = register(echo);
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);

        c.abort();
        Throwable cause = listener.awaitTerminal(WAIT).failure();

        assertThat(cause).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) cause).code()).isEqualTo(1006);
        assertThat(((DfxConnectionClosedException) cause).remote()).isFalse();
        assertThat(echo.takeClosed(WAIT)).isEqualTo(new EchoAcceptor.Closed(1006, ""));
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void serverAbort_givesClientRemote1006Failure() throws Exception {
        EchoAcceptor echo = EchoAcceptor.create();
        URI uri = register(echo);
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);

        c.sendBinary(bytes("cmd:abort"));
        Throwable cause = listener.awaitTerminal(WAIT).failure();

        assertThat(cause).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) cause).code()).isEqualTo(1006);
        assertThat(((DfxConnectionClosedException) cause).remote()).isTrue();
        assertThat(echo.takeClosed(WAIT)).isEqualTo(new EchoAcceptor.Closed(1006, ""));
    }

    @Test
    void closeAfterNext_echoesNextFrameThenClosesAndDeliversNothingAfter() throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);

        c.sendBinary(bytes("cmd:close-after-next 4002 enough"));
        c.sendBinary(bytes("one"));
        c.sendBinary(bytes("two"));
        RecordingListener.Terminal terminal = listener.awaitTerminal(WAIT);
        transport.close(); // flushes every event still queued

        assertThat(listener.nextBinary(WAIT)).isEqualTo(bytes("one"));
        assertThat(listener.inbound).isEmpty();
        assertThat(terminal).isEqualTo(new RecordingListener.Terminal(4002, "enough", null));
        assertThat(listener.violations).isEmpty();
    }

    @Test
    void abortAfterNext_echoesNextFrameThenFailsWith1006() throws Exception {
        URI uri = register(EchoAcceptor.create());
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);

        c.sendBinary(bytes("cmd:abort-after-next"));
        c.sendBinary(bytes("one"));

        assertThat(listener.nextBinary(WAIT)).isEqualTo(bytes("one"));
        assertThat(listener.awaitTerminal(WAIT).failure()).isInstanceOf(DfxConnectionClosedException.class);
    }

    @Test
    void nothingIsDeliveredAfterClose_evenWhenServerKeepsSending() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        URI uri = register(acceptor);
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);
        RecordingAcceptor.Server server = acceptor.servers.poll(10, TimeUnit.SECONDS);

        c.close(1000, "").get(10, TimeUnit.SECONDS);
        int eventsAtClose = listener.events.get();
        server.peer.sendBinary(bytes("late"));
        server.peer.sendText("late");
        server.peer.pong(bytes("late"));
        server.peer.close(1000, "late");
        server.peer.abort();
        transport.close();

        assertThat(listener.events.get()).isEqualTo(eventsAtClose);
        assertThat(listener.terminals.get()).isEqualTo(1);
        assertThat(server.closedCount).isEqualTo(1);
        assertThat(listener.violations).isEmpty();
        assertThat(server.violations).isEmpty();
    }

    @Test
    void concurrentCloseAndAbortRaces_giveExactlyOneTerminalCallbackPerSide() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        URI uri = register(acceptor);
        List<RecordingListener> listeners = new ArrayList<>();
        List<RecordingAcceptor.Server> servers = new ArrayList<>();
        for (int round = 0; round < 300; round++) {
            RecordingListener listener = new RecordingListener();
            Connection c = connect(uri, listener);
            RecordingAcceptor.Server server = acceptor.servers.poll(10, TimeUnit.SECONDS);
            listeners.add(listener);
            servers.add(server);
            CountDownLatch go = new CountDownLatch(1);
            List<Runnable> moves = List.of(
                    () -> c.close(1000, "client"),
                    c::abort,
                    () -> server.peer.close(4000, "server"),
                    server.peer::abort,
                    () -> c.sendBinary(ByteBuffer.allocate(10)),
                    () -> server.peer.sendBinary(ByteBuffer.allocate(10)));
            List<Thread> threads = new ArrayList<>();
            for (Runnable move : moves.subList(0, 2 + round % 5)) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        move.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
            listener.awaitTerminal(WAIT);
            server.closed.get(10, TimeUnit.SECONDS);
        }
        transport.close(); // every queued event has run

        for (int i = 0; i < listeners.size(); i++) {
            assertThat(listeners.get(i).terminals.get()).as("client terminals, round %d", i).isEqualTo(1);
            assertThat(listeners.get(i).violations).as("round %d", i).isEmpty();
            assertThat(servers.get(i).closedCount).as("server onClosed, round %d", i).isEqualTo(1);
            assertThat(servers.get(i).violations).as("round %d", i).isEmpty();
        }
    }

    // ------------------------------------------------------------------ threads and transport lifecycle

    @Test
    void events_arriveSeriallyOnNamedIoThreads_onBothSides() throws Exception {
        RecordingAcceptor acceptor = new RecordingAcceptor(new ArrayList<>());
        URI uri = register(acceptor);
        RecordingListener listener = new RecordingListener();
        Connection c = connect(uri, listener);
        RecordingAcceptor.Server server = acceptor.servers.poll(10, TimeUnit.SECONDS);

        for (int i = 0; i < 200; i++) {
            c.sendBinary(ByteBuffer.allocate(4).putInt(0, i));
            server.peer.sendBinary(ByteBuffer.allocate(4).putInt(0, i));
        }
        for (int i = 0; i < 200; i++) {
            listener.nextBinary(WAIT);
        }
        c.close(1000, "").get(10, TimeUnit.SECONDS);

        assertThat(listener.threadNames).isNotEmpty().allMatch(n -> n.startsWith("dfx-inmemory-io-"));
        assertThat(acceptor.threadNames).isNotEmpty().allMatch(n -> n.startsWith("dfx-inmemory-io-"));
        assertThat(listener.violations).isEmpty();
        assertThat(server.violations).isEmpty();
    }

    @Test
    void transportClose_abortsOpenConnectionsStopsThreadsAndIsIdempotent() throws Exception {
        Set<Thread> baseline = ioThreads();
        InMemoryTransport own = InMemoryTransport.create();
        EchoAcceptor echo = EchoAcceptor.create();
        URI uri = register(echo);
        RecordingListener listener = new RecordingListener();
        Connection c = own.connect(spec(uri), listener).get(10, TimeUnit.SECONDS);
        c.sendBinary(bytes("x")).get(10, TimeUnit.SECONDS);
        // New threads, compared by identity: a thread of an earlier test's transport may end meanwhile.
        Set<Thread> started = ioThreads();
        started.removeAll(baseline);
        assertThat(started).isNotEmpty();

        own.close();
        own.close();

        Set<Thread> after = ioThreads();
        after.removeAll(baseline);
        assertThat(after).isEmpty();
        assertThat(listener.terminal).isDone();
        Throwable cause = listener.terminal.get().failure();
        assertThat(cause).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(((DfxConnectionClosedException) cause).code()).isEqualTo(1006);
        assertThat(echo.takeClosed(WAIT).code()).isEqualTo(1006);
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void transportClose_failsConnectStillWaitingOnStalledUpgrade() {
        URI uri = register(EchoAcceptor.stalling());
        CompletableFuture<Connection> pending = transport.connect(spec(uri), new RecordingListener());

        transport.close();

        assertThat(failureOf(pending)).isInstanceOf(DfxTransportException.class);
    }

    @Test
    void transportClose_fromListenerCallback_doesNotDeadlock() throws Exception {
        URI uri = register(EchoAcceptor.create());
        InMemoryTransport own = InMemoryTransport.create();
        CompletableFuture<Boolean> closedInside = new CompletableFuture<>();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onBinary(ByteBuffer data) {
                super.onBinary(data);
                own.close();
                closedInside.complete(true);
            }
        };
        Connection c = own.connect(spec(uri), listener).get(10, TimeUnit.SECONDS);

        c.sendBinary(bytes("x"));

        assertThat(closedInside.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.awaitTerminal(WAIT).failure()).isInstanceOf(DfxConnectionClosedException.class);
        own.close();
    }
}
