package dev.dfx.testkit.socket;

import dev.dfx.testkit.socket.internal.ServerEndpoint;
import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.InMemoryRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A real loopback WebSocket server (Jetty 12) that puts every connection through a {@link ConnectionAcceptor}: the
 * fake server's real-socket front end, and the server of the transport contract suite.
 *
 * <p>It binds {@code 127.0.0.1} (port 0, an ephemeral port, unless {@link Builder#port} says otherwise) and, while it
 * runs, registers its {@link #uri()} in {@link InMemoryRegistry}, so the testkit's in-memory transport reaches the
 * same acceptor by the same URI. Upgrades are carried out exactly as the acceptor's {@link HandshakeDecision} says:
 * accept with the chosen subprotocol (or with none, a fault), reject with an HTTP status, redirect ({@code 3xx} with
 * a {@code Location}), or stall (read the upgrade
 * and never answer). Frames reach the acceptor's {@link dev.dfx.testkit.wire.ServerConnection} serially and in order;
 * the next frame is read only after the acceptor returns. Pings are not answered by the front end: the acceptor
 * decides. Inbound frames and messages up to 16 MiB are accepted.
 *
 * <p>In TLS mode it serves {@code wss://127.0.0.1:<port>/} with a self-signed certificate for {@code 127.0.0.1} and
 * {@code localhost}, generated once per JVM with the JDK's {@code keytool}; {@link #clientSslContext()} trusts it.
 *
 * <p>Thread-safe. Every thread it starts has a name beginning with {@link #THREAD_NAME_PREFIX}, so thread-leak checks
 * can tell them apart from a client's. {@link #close()} is idempotent, bounded, and stops them all.
 */
public final class WebSocketServerFrontEnd implements AutoCloseable {
    /** Prefix of the name of every thread a front end starts. */
    public static final String THREAD_NAME_PREFIX = "dfx-testkit-ws-";
    /** Largest inbound frame or message the front end accepts: 16 MiB. */
    public static final int MAX_INBOUND_BYTES = 16 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(WebSocketServerFrontEnd.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long STOP_TIMEOUT_MILLIS = 2_000;

    private final ConnectionAcceptor acceptor;
    private final boolean tls;
    private final Server server;
    private final Queue<Callback> stalled = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final URI uri;
    private final AutoCloseable registration;

    private WebSocketServerFrontEnd(Builder b) throws Exception {
        this.acceptor = b.acceptor;
        this.tls = b.tls;
        String name = THREAD_NAME_PREFIX + INSTANCES.incrementAndGet();
        QueuedThreadPool pool = new QueuedThreadPool(32, 4);
        pool.setName(name);
        pool.setStopTimeout(STOP_TIMEOUT_MILLIS);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(name + "-scheduler", true);
        this.server = new Server(pool, scheduler, null);
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        ServerConnector connector;
        if (tls) {
            SelfSignedCertificate certificate = SelfSignedCertificate.get();
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(certificate.keyStore());
            ssl.setKeyStorePassword(SelfSignedCertificate.PASSWORD);
            ssl.setKeyManagerPassword(SelfSignedCertificate.PASSWORD);
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory());
        } else {
            connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory());
        }
        connector.setHost("127.0.0.1");
        connector.setPort(b.port);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxFrameSize(MAX_INBOUND_BYTES);
            container.setMaxBinaryMessageSize(MAX_INBOUND_BYTES);
            container.setMaxTextMessageSize(MAX_INBOUND_BYTES);
            container.addMapping("/*", this::createWebSocket);
        }));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw e;
        }
        this.uri = URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + connector.getLocalPort() + "/");
        AutoCloseable r;
        try {
            r = tls ? InMemoryRegistry.registerTls(uri, acceptor, SelfSignedCertificate.get().serverContext())
                    : InMemoryRegistry.register(uri, acceptor);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
        this.registration = r;
        LOG.log(System.Logger.Level.DEBUG, () -> "front end listening on " + uri);
    }

    /**
     * @param acceptor the protocol engine every connection goes through
     * @return a builder for a plain {@code ws} front end on an ephemeral port
     * @throws NullPointerException if {@code acceptor} is null
     */
    public static Builder builder(ConnectionAcceptor acceptor) {
        return new Builder(acceptor);
    }

    /**
     * Starts a plain {@code ws} front end on an ephemeral loopback port.
     *
     * @param acceptor the protocol engine every connection goes through
     * @return the running front end
     * @throws NullPointerException if {@code acceptor} is null
     * @throws IllegalStateException if the server cannot start
     */
    public static WebSocketServerFrontEnd start(ConnectionAcceptor acceptor) {
        return builder(acceptor).start();
    }

    /** @return {@code ws://127.0.0.1:<port>/}, or {@code wss://...} in TLS mode */
    public URI uri() {
        return uri;
    }

    /** @return the bound port */
    public int port() {
        return uri.getPort();
    }

    /** @return whether this front end serves {@code wss} */
    public boolean tls() {
        return tls;
    }

    /**
     * A client TLS context that trusts this front end's self-signed certificate (and nothing else).
     *
     * @return the context; a new client may use it at once
     * @throws IllegalStateException if this front end does not serve TLS
     */
    public SSLContext clientSslContext() {
        if (!tls) {
            throw new IllegalStateException("this front end serves plain ws; build it with tls(true)");
        }
        return SelfSignedCertificate.get().trustingContext();
    }

    /**
     * The self-signed certificate every TLS front end of this JVM serves (and {@code FakeDfxServer} in TLS mode), in
     * PEM form, for clients that take a trust file (e.g. {@code dfx measure --ca-cert}). Made on first use.
     *
     * @return one {@code -----BEGIN CERTIFICATE-----} block, for {@code 127.0.0.1} and {@code localhost}
     */
    public static String selfSignedCertificatePem() {
        return SelfSignedCertificate.get().certificatePem();
    }

    /**
     * Unregisters the URI, drops stalled upgrades and open connections, and stops every thread of this front end.
     * Idempotent; bounded by a stop timeout of a few seconds.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            registration.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "could not unregister " + uri, e);
        }
        Callback cb;
        while ((cb = stalled.poll()) != null) {
            cb.failed(new IOException("front end closing"));
        }
        stopQuietly();
        LOG.log(System.Logger.Level.DEBUG, () -> "front end on " + uri + " stopped");
    }

    @Override
    public String toString() {
        return "WebSocketServerFrontEnd[" + uri + "]";
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "front end did not stop cleanly", e);
        }
    }

    private Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        HandshakeRequest handshake = toHandshakeRequest(request);
        HandshakeDecision decision = Objects.requireNonNull(acceptor.handshake(handshake), "handshake decision");
        switch (decision.kind()) {
            case ACCEPT:
                if (decision.subprotocol() != null) {
                    response.setAcceptedSubProtocol(decision.subprotocol());
                }
                return new ServerEndpoint(new FrontEndEndpoint(acceptor, handshake));
            case REJECT:
                Response.writeError(request, response, callback, decision.status());
                return null;
            case REDIRECT:
                // Written as is (no rewriting into an absolute http URI): the client must see what we named.
                response.setStatus(decision.status());
                response.getHeaders().put(HttpHeader.LOCATION, decision.location());
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
                response.write(true, null, callback);
                return null;
            case STALL:
                // Never complete the callback: the upgrade stays unanswered until the client gives up or we close.
                stalled.add(callback);
                if (closed.get() && stalled.remove(callback)) {
                    callback.failed(new IOException("front end closing"));
                }
                return null;
            default:
                throw new IllegalStateException("unknown decision " + decision.kind());
        }
    }

    private static HandshakeRequest toHandshakeRequest(ServerUpgradeRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(field.getValue());
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        String target = request.getHttpURI().getPathQuery();
        if (target == null || target.isEmpty()) {
            target = "/";
        }
        List<String> offered = request.getSubProtocols();
        return new HandshakeRequest(target, frozen, offered == null ? List.of() : offered,
                Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request));
    }

    /** Configures a front end. Not thread-safe. */
    public static final class Builder {
        private final ConnectionAcceptor acceptor;
        private int port;
        private boolean tls;

        private Builder(ConnectionAcceptor acceptor) {
            this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
        }

        /**
         * @param value the loopback port to bind, 0 (the default) for an ephemeral one
         * @return this
         * @throws IllegalArgumentException if not within 0..65535
         */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * @param value true to serve {@code wss} with a generated self-signed certificate (default false)
         * @return this
         */
        public Builder tls(boolean value) {
            this.tls = value;
            return this;
        }

        /**
         * @return the running front end
         * @throws IllegalStateException if the server cannot start (for example, the port is taken)
         */
        public WebSocketServerFrontEnd start() {
            try {
                return new WebSocketServerFrontEnd(this);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the WebSocket front end: " + e.getMessage(), e);
            }
        }
    }
}
