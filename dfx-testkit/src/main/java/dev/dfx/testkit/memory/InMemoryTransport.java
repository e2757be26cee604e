package dev.dfx.testkit.memory;

import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.core.port.Transport;
import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.InMemoryRegistry;
import dev.dfx.testkit.wire.ServerConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Transport} that connects a client to a server in the same JVM, with no socket: the server is whatever
 * {@link ConnectionAcceptor} is registered in {@link InMemoryRegistry} under the {@link ConnectSpec#uri()}. It keeps
 * the whole transport contract (docs/style.md §3-§4), so the same {@code TransportContract} suite runs against it and
 * against the socket adapters, and the fake server can be reached without a port.
 *
 * <p><b>Threads.</b> The transport owns two daemon I/O threads, named {@code dfx-inmemory-io-N}, created on first
 * use and shared by all its connections. Every listener callback and every {@link ServerConnection} call runs on
 * them, serially and in order per connection side; one connection's callbacks never run on two threads at once.
 * Futures returned by {@link #connect} and by {@link Connection#sendBinary} complete on them too (a send that fails
 * at once, e.g. because the connection is closed, returns an already failed future). {@link #close()} stops and
 * joins these threads.
 *
 * <p><b>Connect.</b> The upgrade is modelled faithfully:
 * <ul>
 *   <li>no server registered at the URI: {@link DfxTransportException}, retryable ("connection refused");</li>
 *   <li>the acceptor gets a {@link HandshakeRequest}: the request target (path and query) of the URI, the spec's
 *       headers with lower-case names plus {@code host} and {@code sec-websocket-protocol} (unless the spec set
 *       them), the offered subprotocols, and the remote address {@code "in-memory"};</li>
 *   <li>{@link HandshakeDecision.Kind#REJECT}: {@link DfxHandshakeException} with the status;</li>
 *   <li>{@link HandshakeDecision.Kind#REDIRECT}: never followed; {@link DfxHandshakeException} with the status and
 *       the {@code Location};</li>
 *   <li>{@link ConnectSpec#cleartextRefused()} ({@code ws://} to a host that is not loopback without
 *       {@code allowInsecureRemote}): a non-retryable {@link DfxTransportException} before the server is asked.
 *       Hosts under the reserved {@code .test} top-level domain (RFC 6761), which the in-memory servers use, never
 *       leave the process and count as loopback;</li>
 *   <li>a {@link ConnectSpec#proxy()}: the proxy is really asked, over a loopback socket, for a {@code CONNECT}
 *       tunnel to the URI's host and port (with its credentials); a refusal fails as over a socket (a
 *       {@link DfxTransportException}, retryable only for a {@code 5xx}); once granted, the tunnel is closed and the
 *       connection goes on in memory;</li>
 *   <li>{@link HandshakeDecision.Kind#STALL}: {@link DfxTimeoutException} once the spec's connect timeout ran out;</li>
 *   <li>an acceptor that throws or returns null: {@link DfxHandshakeException} with status 500, as a servlet
 *       container would answer;</li>
 *   <li>{@link HandshakeDecision.Kind#ACCEPT} with a subprotocol that was not offered, or none while some were:
 *       {@link DfxHandshakeException} with {@link DfxHandshakeException#NO_STATUS} and "no json subprotocol". As
 *       over a socket, the server had already accepted: its connection sees {@code onClosed(1006, "")}.</li>
 * </ul>
 * The future is completed on an I/O thread, never inside {@code connect()}. A failed connect calls no listener
 * method, and the listener's first event comes after the future completed.
 *
 * <p><b>Frames.</b> Buffers given to either side are read-only copies. {@link Connection#sendBinary} queues the frame
 * ({@link Connection#queuedBytes()} counts it) and completes when the server's side takes it, before the server's
 * {@code onBinary} runs: the caller may then reuse its buffer. A send that would raise the queue above
 * {@link ConnectSpec#maxQueuedBytes()} fails at once with a non-retryable {@link DfxTransportException}; a send after
 * close fails with {@link dev.dfx.core.error.DfxConnectionClosedException}. A frame from the server larger than
 * {@link ConnectSpec#maxFrameBytes()} (binary, or text in UTF-8) is not delivered: the connection closes with code
 * 1009: the client sees {@code onFailure(DfxConnectionClosedException(1009))} and the server
 * {@code onClosed(1009, reason)}, as the socket adapters report it under {@code TransportContract}.
 *
 * <p><b>Ping and close.</b> The client's {@code ping} reaches the server's {@code onPing}; the transport never answers
 * for the server, whose engine answers with {@code PeerChannel.pong}, which reaches the listener's {@code onPong}.
 * A ping from the server is answered by the client side at once (auto-pong, as WebSocket libraries do; the listener
 * is not told). A graceful {@link Connection#close} delivers the frames already queued, then the server's
 * {@code onClosed(code, reason)}, then the listener's {@code onClosed(code, reason)}, then completes its future;
 * frames the server sends after the client's close are dropped. A server's {@code PeerChannel.close(code, reason)}
 * gives the listener {@code onClosed(code, reason)}. {@link Connection#abort()} or a server's
 * {@code PeerChannel.abort()} fail the sends still queued, give the listener
 * {@code onFailure(DfxConnectionClosedException(1006, ..., remote))} (remote is true when the server dropped it) and
 * the server {@code onClosed(1006, "")}. The first of these decides both sides' terminal events; the rest are
 * no-ops, so each side sees exactly one, whatever the race.
 *
 * <p>Thread-safe. Create one with {@link #create()}; close it when done.
 */
public final class InMemoryTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(InMemoryTransport.class.getName());
    /** Number of I/O threads. Two, so that a callback that blocks in a test does not stop every connection. */
    private static final int IO_THREADS = 2;
    /** Bound on {@link #close()}: waiting for terminal events, then for the threads to end. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);
    private static final String REMOTE_ADDRESS = "in-memory";
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor pool;
    private final Set<InMemoryConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<Connection>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private InMemoryTransport() {
        ThreadFactory factory = task -> {
            // Kept in the set until close() joined it: a thread leaves the set only once it is dead.
            Thread t = new Thread(task, "dfx-inmemory-io-" + THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
        pool = new ScheduledThreadPoolExecutor(IO_THREADS, factory);
        // Timers (connect timeouts, close bounds) must not keep the pool alive after close().
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        pool.setRemoveOnCancelPolicy(true);
    }

    /** @return a new transport; its threads start on first use */
    public static InMemoryTransport create() {
        return new InMemoryTransport();
    }

    /**
     * Opens one in-memory connection to the server registered under {@code spec.uri()}. See the class Javadoc for
     * how each handshake answer maps to the future's outcome.
     *
     * @param spec where and how to connect; for {@code wss://} a real TLS handshake runs in memory against the
     *             server's registered context ({@code sslContext}, {@code verifyHostname} apply), then frames pass
     *             in plain form
     * @param listener receives this connection's events on this transport's I/O threads
     * @return completes on an I/O thread with the open connection, or fails as the class Javadoc says; if this
     *         transport is closed, an already failed future ({@link DfxTransportException}, not retryable)
     */
    @Override
    public CompletableFuture<Connection> connect(ConnectSpec spec, ConnectionListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<Connection> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((c, e) -> pending.remove(result));
        if (closed.get()) {
            result.completeExceptionally(transportClosed());
            return result;
        }
        String name = "conn-" + CONNECTION_IDS.incrementAndGet();
        SerialExecutor clientEvents = new SerialExecutor(pool, name + "/client", false, this::onOwnThread);
        try {
            Duration timeout = spec.connectTimeout();
            ScheduledFuture<?> timer = pool.schedule(
                    () -> result.completeExceptionally(new DfxTimeoutException("connect to " + target(spec.uri()),
                            timeout)),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((c, e) -> timer.cancel(false));
            // The connect itself runs on the client's serial executor, so no listener event can overtake the
            // completion of the future (and nothing runs on the caller's thread).
            clientEvents.execute(() -> handshake(name, spec, listener, clientEvents, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(transportClosed());
        }
        return result;
    }

    private static DfxTransportException cleartextRefused(URI uri) {
        return new DfxTransportException("ws:// (no TLS) to " + uri.getHost() + " is refused: not loopback; use "
                + "wss:// or allowInsecureRemote", null, false);
    }

    private void handshake(String name, ConnectSpec spec, ConnectionListener listener, SerialExecutor clientEvents,
                           CompletableFuture<Connection> result) {
        if (result.isDone()) {
            return;
        }
        URI uri = spec.uri();
        if (spec.cleartextRefused() && !uri.getHost().toLowerCase(java.util.Locale.ROOT).endsWith(".test")) {
            result.completeExceptionally(cleartextRefused(uri));
            return;
        }
        if (spec.proxy() != null) {
            Optional<java.net.InetSocketAddress> via = spec.proxy().addressFor(uri);
            if (via.isPresent()) {
                DfxTransportException refused = InMemoryProxyTunnel.open(via.get(), spec);
                if (refused != null) {
                    result.completeExceptionally(refused);
                    return;
                }
            }
        }
        Optional<ConnectionAcceptor> found = InMemoryRegistry.lookup(uri);
        if (found.isEmpty()) {
            result.completeExceptionally(new DfxTransportException("connection refused: no in-memory server at "
                    + target(uri), null, true));
            return;
        }
        ConnectionAcceptor acceptor = found.get();
        if (spec.secure()) {
            // wss: a real TLS handshake in memory, so an untrusted certificate or a wrong host name fails as it would
            // over a socket.
            Optional<javax.net.ssl.SSLContext> serverTls = InMemoryRegistry.serverTlsContext(uri);
            if (serverTls.isEmpty()) {
                result.completeExceptionally(new DfxTransportException("TLS handshake failed: the in-memory server at "
                        + target(uri) + " does not speak TLS", null, false));
                return;
            }
            try {
                javax.net.ssl.SSLContext clientTls = spec.sslContext() != null ? spec.sslContext()
                        : javax.net.ssl.SSLContext.getDefault();
                InMemoryTls.handshake(clientTls, serverTls.get(), uri.getHost(), uri.getPort(),
                        spec.verifyHostname());
            } catch (javax.net.ssl.SSLException | java.security.NoSuchAlgorithmException e) {
                result.completeExceptionally(new DfxTransportException("TLS handshake with " + target(uri)
                        + " failed: " + e.getMessage(), e, false));
                return;
            }
        }
        HandshakeRequest request = request(spec);
        HandshakeDecision decision;
        try {
            decision = acceptor.handshake(request);
        } catch (RuntimeException e) {
            result.completeExceptionally(new DfxHandshakeException(500, "the in-memory server failed the upgrade",
                    e));
            return;
        }
        if (decision == null) {
            result.completeExceptionally(new DfxHandshakeException(500,
                    "the in-memory server gave no handshake decision", null));
            return;
        }
        switch (decision.kind()) {
            case REJECT:
                result.completeExceptionally(new DfxHandshakeException(decision.status(),
                        "upgrade rejected with HTTP " + decision.status(), null));
                return;
            case REDIRECT:
                // Never followed (issue 12): the status and the Location are the caller's to see.
                result.completeExceptionally(new DfxHandshakeException(decision.status(), decision.location(),
                        "upgrade answered with redirect HTTP " + decision.status() + " (not followed)", null));
                return;
            case STALL:
                LOG.log(System.Logger.Level.DEBUG, () -> name + ": server stalls the upgrade");
                return; // the connect timer fails the future
            case ACCEPT:
            default:
                break;
        }
        if (result.isDone()) {
            return; // timed out, or the transport closed, while the acceptor decided
        }
        InMemoryConnection connection = new InMemoryConnection(name, spec, listener, pool, pool, clientEvents,
                this::onOwnThread);
        ServerConnection server;
        try {
            server = acceptor.accept(request, connection.peer());
        } catch (RuntimeException e) {
            connection.discard();
            connection.attach(null, null);
            result.completeExceptionally(new DfxHandshakeException(500, "the in-memory server failed to accept",
                    e));
            return;
        }
        if (server == null) {
            connection.discard();
            connection.attach(null, null);
            result.completeExceptionally(new DfxHandshakeException(500,
                    "the in-memory server accepted with no connection", null));
            return;
        }
        String selected = decision.subprotocol();
        connection.attach(server, selected);
        List<String> offered = spec.subprotocols();
        boolean fits = selected == null ? offered.isEmpty() : offered.contains(selected);
        if (!fits) {
            connection.discard();
            result.completeExceptionally(new DfxHandshakeException(DfxHandshakeException.NO_STATUS,
                    "no json subprotocol: server selected " + (selected == null ? "none" : selected)
                            + ", offered " + offered, null));
            return;
        }
        connections.add(connection);
        connection.done().whenComplete((v, e) -> connections.remove(connection));
        if (closed.get() || !result.complete(connection)) {
            connection.discard();
            result.completeExceptionally(transportClosed());
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> name + ": connected to " + target(uri) + " with subprotocol "
                + selected);
    }

    /**
     * Aborts the open connections (each listener sees {@code onFailure} with a local 1006, each server
     * {@code onClosed(1006, "")}), fails connects still under way, waits up to 5 s for those events, then stops and
     * joins the I/O threads. Idempotent. Called from one of this transport's own threads (e.g. from a listener), it
     * does not wait.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_BOUND.toNanos();
        for (CompletableFuture<Connection> f : new ArrayList<>(pending)) {
            f.completeExceptionally(transportClosed());
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (InMemoryConnection c : new ArrayList<>(connections)) {
            c.abort();
            done.add(c.done());
        }
        boolean own = onOwnThread();
        if (!own) {
            try {
                CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]))
                        .get(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "in-memory transport: connections did not end within "
                        + CLOSE_BOUND.toMillis() + " ms; stopping anyway");
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "in-memory transport: a connection ended badly", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.shutdown();
        if (own) {
            return;
        }
        try {
            if (!pool.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
                pool.shutdownNow();
            }
            for (Thread t : new ArrayList<>(threads)) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
                if (!t.isAlive()) {
                    threads.remove(t);
                }
            }
            if (!threads.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "in-memory transport: " + threads.size()
                        + " I/O thread(s) still running after " + CLOSE_BOUND.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.DEBUG, "in-memory transport closed");
    }

    @Override
    public String toString() {
        return "InMemoryTransport[connections=" + connections.size() + ", closed=" + closed.get() + "]";
    }

    private boolean onOwnThread() {
        return threads.contains(Thread.currentThread());
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static DfxTransportException transportClosed() {
        return new DfxTransportException("the in-memory transport is closed", null, false);
    }

    /** The URI without user info and query, which may hold secrets: for messages and logs. */
    private static String target(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static HandshakeRequest request(ConnectSpec spec) {
        URI uri = spec.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        spec.headers().forEach((k, v) -> headers.computeIfAbsent(k.toLowerCase(Locale.ROOT),
                x -> new ArrayList<>()).add(v));
        headers.computeIfAbsent("host", x -> List.of(uri.getHost() + (uri.getPort() < 0 ? ""
                : ":" + uri.getPort())));
        if (!spec.subprotocols().isEmpty()) {
            headers.computeIfAbsent("sec-websocket-protocol",
                    x -> List.of(String.join(", ", spec.subprotocols())));
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new HandshakeRequest(path, frozen, spec.subprotocols(), REMOTE_ADDRESS);
    }
}
