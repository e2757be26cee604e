package dev.dfx.transport.jetty;

import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.core.port.ProxySpec;
import dev.dfx.core.port.Transport;
import dev.dfx.transport.jetty.internal.ClientEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.BasicAuthentication;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The {@link Transport} port on the Jetty 12 WebSocket client (docs/style.md §3, §4).
 *
 * <p><b>Resources.</b> {@link #create()} makes a transport that owns its Jetty client: one thread pool, one
 * scheduler and one buffer pool shared by every connection, started on the first {@link #connect} and stopped by
 * {@link #close()}. TLS settings are per client in Jetty, so a connection whose {@link ConnectSpec} names its own
 * {@link SSLContext} or turns host name verification off, or names a {@link ProxySpec proxy}, gets a client for that
 * setting, made once and shared by every later connection with the same setting (on the same threads); never a
 * client per connection. A proxy is always used through an HTTP {@code CONNECT} tunnel, for {@code ws://} and
 * {@code wss://} alike, with its credentials (if any) sent preemptively as {@code Proxy-Authorization: Basic} on the
 * {@code CONNECT} only. Redirects answering the upgrade are never followed (issue 12): they fail the connect with a
 * {@link dev.dfx.core.error.DfxHandshakeException} carrying the status and {@code Location}.
 * {@link #create(WebSocketClient)} uses a client the caller made: it stays the caller's (this transport starts it if
 * it is not running, and never stops it), and its TLS and proxy settings are the caller's, so the spec's
 * {@code sslContext}, {@code verifyHostname} and {@code proxy} are then ignored; redirects are still never followed
 * (each upgrade request turns following off).
 *
 * <p><b>Connections.</b> Each connection offers the spec's subprotocols and headers, bounds TCP connect, TLS and the
 * upgrade together by the spec's connect timeout, limits inbound frames and messages to the spec's
 * {@code maxFrameBytes}, and disables Jetty's idle timeout (silence detection is the engine's heartbeat). A
 * {@code wss} connection verifies the server's host name unless the spec says not to. Failures map to the dfx error
 * tree, keeping Jetty's exception as the cause: a refused port or I/O error is a retryable
 * {@link DfxTransportException}; an HTTP status other than 101, or a 101 without an offered subprotocol, a
 * {@link dev.dfx.core.error.DfxHandshakeException}; a TLS failure a non-retryable {@code DfxTransportException}; a
 * timeout a {@link dev.dfx.core.error.DfxTimeoutException}.
 *
 * <p><b>Threading.</b> Thread-safe. The listener is called on Jetty's I/O threads, one event at a time per
 * connection; the next frame is read only after the listener returns. The connect future and send futures complete
 * on Jetty threads too: callers must hand work off, never block there. {@link #close()} must not be called from a
 * listener callback.
 */
public final class JettyTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(JettyTransport.class.getName());
    /** Prefix of the name of every thread an owned transport starts. */
    static final String THREAD_NAME_PREFIX = "dfx-jetty-";
    /** Bound on stopping Jetty's threads in {@link #close()}. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** TCP connect bound of owned clients; far above any sane spec timeout, which is what really bounds a connect. */
    private static final Duration CLIENT_CONNECT_TIMEOUT = Duration.ofMinutes(10);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final WebSocketClient userClient;
    private final Set<JettyConnection> connections = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    /** Owned clients by TLS setting; guarded by {@link #lock}. */
    private final Map<ClientKey, WebSocketClient> clients = new LinkedHashMap<>();
    private QueuedThreadPool threadPool;
    private ScheduledExecutorScheduler scheduler;
    private ByteBufferPool bufferPool;
    private boolean closed;

    private JettyTransport(WebSocketClient userClient) {
        this.userClient = userClient;
    }

    /**
     * Creates a transport that owns its Jetty client. No thread starts until the first {@link #connect}.
     *
     * @return a new transport; close it when done
     */
    public static JettyTransport create() {
        return new JettyTransport(null);
    }

    /**
     * Creates a transport on a Jetty client the caller made and owns. The transport starts the client if it is not
     * running yet, but never stops it; {@link #close()} only aborts this transport's connections. TLS settings are
     * the client's own: the spec's {@code sslContext} and {@code verifyHostname} are ignored.
     *
     * @param client the caller's client
     * @return a new transport on that client
     * @throws NullPointerException if {@code client} is null
     */
    public static JettyTransport create(WebSocketClient client) {
        return new JettyTransport(Objects.requireNonNull(client, "client"));
    }

    /**
     * Opens one connection; see {@link Transport#connect} for the contract.
     *
     * @param spec where and how to connect
     * @param listener receives this connection's events on a Jetty I/O thread
     * @return completes with the open connection, or fails with a dfx exception
     * @throws NullPointerException if an argument is null
     */
    @Override
    public CompletableFuture<Connection> connect(ConnectSpec spec, ConnectionListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(listener, "listener");
        if (spec.cleartextRefused()) {
            // Issue 12: checked for every connection, before any socket is opened.
            return CompletableFuture.failedFuture(new DfxTransportException("ws:// (no TLS) to "
                    + spec.uri().getHost() + " is refused: not loopback; use wss:// or allowInsecureRemote", null,
                    false));
        }
        CompletableFuture<Connection> result = new CompletableFuture<>();
        WebSocketClient client;
        try {
            client = clientFor(spec);
        } catch (DfxTransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        Scheduler timers = client.getHttpClient().getScheduler();
        JettyConnection connection = new JettyConnection(this, spec, listener, result, timers);
        ClientUpgradeRequest request = new ClientUpgradeRequest(spec.uri());
        if (!spec.subprotocols().isEmpty()) {
            request.setSubProtocols(spec.subprotocols());
        }
        spec.headers().forEach(request::setHeader);
        long timeoutMillis = Math.max(1, spec.connectTimeout().toMillis());
        request.setTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.DEBUG, () -> "connecting: " + spec);
        CompletableFuture<Session> upgrade;
        try {
            upgrade = client.connect(new ClientEndpoint(connection), request, connection.upgradeListener());
        } catch (Exception e) {
            connection.upgradeDone(null, e);
            return result;
        }
        Scheduler.Task timer = timers.schedule(() -> connection.connectTimedOut(upgrade), timeoutMillis,
                TimeUnit.MILLISECONDS);
        upgrade.whenComplete((session, error) -> {
            timer.cancel();
            if (error != null && JettyErrors.isCancellation(error)) {
                return; // our own timeout cancelled it and already failed the result
            }
            connection.upgradeDone(session, error);
        });
        return result;
    }

    /**
     * Aborts every open connection (each listener sees one terminal event), stops the Jetty clients and threads this
     * transport created, and leaves a caller's client running. Idempotent; bounded by a few seconds.
     */
    @Override
    public void close() {
        List<WebSocketClient> owned;
        QueuedThreadPool pool;
        ScheduledExecutorScheduler timers;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            owned = new ArrayList<>(clients.values());
            clients.clear();
            pool = threadPool;
            timers = scheduler;
        }
        List<JettyConnection> open = new ArrayList<>(connections);
        LOG.log(System.Logger.Level.DEBUG, () -> "closing transport; aborting " + open.size() + " connection(s)");
        for (JettyConnection c : open) {
            c.abort();
        }
        awaitTerminal(open);
        for (WebSocketClient c : owned) {
            stopQuietly(c);
        }
        // Jetty delivers the abort's close event on its own threads; any connection that missed it (its threads are
        // gone now) gets its terminal event here, so every listener sees exactly one.
        for (JettyConnection c : open) {
            c.transportClosed();
        }
        stopQuietly(timers);
        stopQuietly(pool);
    }

    @Override
    public String toString() {
        return "JettyTransport[" + (userClient == null ? "owned client" : "caller's client") + ", "
                + connections.size() + " open]";
    }

    /** @return false if the transport is closed (the connection must be dropped) */
    boolean register(JettyConnection c) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            connections.add(c);
            return true;
        }
    }

    void unregister(JettyConnection c) {
        connections.remove(c);
    }

    private static void awaitTerminal(List<JettyConnection> open) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (JettyConnection c : open) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                c.terminated().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "connection did not end in time", e);
            }
        }
    }

    private WebSocketClient clientFor(ConnectSpec spec) {
        synchronized (lock) {
            if (closed) {
                throw new DfxTransportException("transport is closed", null, false);
            }
            if (userClient != null) {
                startUserClient();
                return userClient;
            }
            ClientKey key = ClientKey.of(spec);
            WebSocketClient client = clients.get(key);
            if (client == null) {
                client = newOwnedClient(key);
                clients.put(key, client);
            }
            return client;
        }
    }

    private void startUserClient() {
        if (!userClient.isRunning()) {
            try {
                userClient.start();
            } catch (Exception e) {
                throw new DfxTransportException("cannot start the caller's Jetty client", e, false);
            }
        }
    }

    /** Called with {@link #lock} held. */
    private WebSocketClient newOwnedClient(ClientKey key) {
        try {
            if (threadPool == null) {
                String name = THREAD_NAME_PREFIX + INSTANCES.incrementAndGet();
                QueuedThreadPool pool = new QueuedThreadPool(64, 2);
                pool.setName(name);
                pool.setStopTimeout(STOP_TIMEOUT.toMillis());
                pool.setReservedThreads(0);
                ScheduledExecutorScheduler timers = new ScheduledExecutorScheduler(name + "-scheduler", true);
                // Started here, so the clients see them running and leave their lifecycle to us.
                pool.start();
                timers.start();
                threadPool = pool;
                scheduler = timers;
                bufferPool = new ArrayByteBufferPool();
            }
            SslContextFactory.Client ssl = new SslContextFactory.Client();
            if (key.sslContext() != null) {
                ssl.setSslContext(key.sslContext());
            }
            ssl.setEndpointIdentificationAlgorithm(key.verifyHostname() ? "HTTPS" : null);
            ClientConnector connector = new ClientConnector();
            connector.setExecutor(threadPool);
            connector.setScheduler(scheduler);
            connector.setByteBufferPool(bufferPool);
            connector.setSslContextFactory(ssl);
            connector.setSelectors(1);
            HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
            // Issue 12: a redirect on the upgrade is never followed (each request also says so, for a caller's
            // client); it could downgrade wss to clear text and carry the token to another host.
            http.setFollowRedirects(false);
            if (key.proxyHost() != null) {
                // Always a CONNECT tunnel, for ws:// too, without Jetty's CONNECT/upgrade write race (see the class).
                TunnellingHttpProxy proxy = new TunnellingHttpProxy(key.proxyHost(), key.proxyPort());
                proxy.install(http);
                http.getProxyConfiguration().addProxy(proxy);
                if (key.proxyUser() != null) {
                    // Preemptive Proxy-Authorization: Basic on the CONNECT request only; never logged by us.
                    http.getAuthenticationStore().addAuthenticationResult(new BasicAuthentication.BasicResult(
                            proxy.getURI(), HttpHeader.PROXY_AUTHORIZATION, key.proxyUser(), key.proxyPassword()));
                }
            }
            // Each connect is bounded by its spec's timeout (request timeout plus our timer), not a client-wide one.
            http.setConnectTimeout(CLIENT_CONNECT_TIMEOUT.toMillis());
            http.setExecutor(threadPool);
            http.setScheduler(scheduler);
            http.setByteBufferPool(bufferPool);
            WebSocketClient client = new WebSocketClient(http);
            client.setStopAtShutdown(false);
            client.setStopTimeout(STOP_TIMEOUT.toMillis());
            client.start();
            LOG.log(System.Logger.Level.DEBUG, () -> "started a Jetty client for " + key);
            return client;
        } catch (Exception e) {
            throw new DfxTransportException("cannot start the Jetty client", e, false);
        }
    }

    private static void stopQuietly(LifeCycle lifeCycle) {
        if (lifeCycle == null) {
            return;
        }
        try {
            lifeCycle.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Jetty component did not stop cleanly: " + lifeCycle, e);
        }
    }

    /**
     * One owned client per TLS and proxy setting (both are per client in Jetty); {@link SSLContext} compares by
     * identity. {@link #toString()} hides the proxy password.
     */
    private record ClientKey(SSLContext sslContext, boolean verifyHostname, String proxyHost, int proxyPort,
                             String proxyUser, String proxyPassword) {

        static ClientKey of(ConnectSpec spec) {
            SSLContext ssl = spec.secure() ? spec.sslContext() : null;
            boolean verify = !spec.secure() || spec.verifyHostname();
            ProxySpec p = spec.proxy();
            java.net.InetSocketAddress via = p == null ? null : p.addressFor(spec.uri()).orElse(null);
            if (via == null) {
                return new ClientKey(ssl, verify, null, 0, null, null);
            }
            return new ClientKey(ssl, verify, via.getHostString(), via.getPort(), p.username(), p.password());
        }

        @Override
        public String toString() {
            return "Client[customTls=" + (sslContext != null) + ", verifyHostname=" + verifyHostname
                    + (proxyHost != null ? ", proxy=" + proxyHost + ":" + proxyPort
                    + (proxyUser != null ? " (with credentials)" : "") : "") + "]";
        }
    }
}
