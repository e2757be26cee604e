package dev.dfx.transport.netty;

import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.core.port.ProxySpec;
import dev.dfx.core.port.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The {@link Transport} port on Netty 4.2 (docs/style.md §3): WebSocket client connections over NIO, with TLS through
 * the JDK provider.
 *
 * <p><b>Resources.</b> One transport owns one event-loop group, shared by all its connections; never create a
 * transport per connection or per reconnect. {@link #create()} makes an NIO group whose threads are named
 * {@code dfx-netty-io-*}; {@link #create(EventLoopGroup)} uses a group of yours, which stays yours: {@link #close()}
 * does not shut it down. Either way the transport owns one small thread, {@code dfx-netty-callback-*}, on which every
 * future it returns completes (docs/style.md §4: user futures never complete on an event loop).
 *
 * <p><b>Threading.</b> Thread-safe. {@link ConnectionListener} methods run on the connection's event-loop thread,
 * serially and in order; they must return quickly and never block. No method blocks except {@link #close()}, which
 * waits a bounded time for threads to stop.
 *
 * <p><b>Buffers.</b> Every inbound frame is copied into a read-only heap {@link java.nio.ByteBuffer} and the Netty
 * buffer is released at once, so no pooled Netty buffer escapes. Outbound buffers are wrapped, not copied: the
 * caller must not touch them until the send's future completes.
 *
 * <p><b>Errors</b> are mapped at the edge (docs/style.md §5), keeping the Netty exception as the cause: refused port or
 * DNS failure → {@link DfxTransportException} (retryable); TLS failure → {@code DfxTransportException} (not
 * retryable); HTTP status other than 101 → {@link dev.dfx.core.error.DfxHandshakeException} with that status; no
 * offered subprotocol selected → {@code DfxHandshakeException} with
 * {@link dev.dfx.core.error.DfxHandshakeException#NO_STATUS}; no open connection within
 * {@link ConnectSpec#connectTimeout()} (TCP, TLS and upgrade together) → {@link dev.dfx.core.error.DfxTimeoutException}.
 */
public final class NettyTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(NettyTransport.class.getName());

    /** Limit of the handshake response body (an error page); the 101 response itself has none. */
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 64 * 1024;
    /** Bound on {@link #close()} waiting for open channels to close. */
    private static final long CLOSE_CHANNELS_WAIT_MILLIS = 2_000;
    /** Bound on {@link #close()} waiting for the owned event loops to stop. */
    private static final long GROUP_SHUTDOWN_WAIT_MILLIS = 3_000;
    /** Bound on {@link #close()} waiting for the callback thread to drain. */
    private static final long CALLBACK_SHUTDOWN_WAIT_MILLIS = 2_000;
    private static final AtomicInteger TRANSPORT_IDS = new AtomicInteger();
    private static final ThreadLocal<Boolean> ON_CALLBACK_THREAD = new ThreadLocal<>();

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ThreadPoolExecutor callbackPool;
    private final Executor callbacks;
    /** Channels not yet closed, connecting or open, with their connection (to abort them on close). */
    private final Map<Channel, NettyConnection> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Non-blocking DNS (issue 12: a lookup must never block an event loop), one resolver per event loop. */
    private final AddressResolverGroup<InetSocketAddress> resolvers;

    private NettyTransport(EventLoopGroup group, boolean ownsGroup) {
        this(group, ownsGroup, null, 0);
    }

    /**
     * @param nameServers DNS servers to ask, or null for the system's ({@code /etc/resolv.conf})
     * @param queryTimeoutMillis DNS query timeout, or 0 for Netty's default (5 s)
     */
    private NettyTransport(EventLoopGroup group, boolean ownsGroup, DnsServerAddressStreamProvider nameServers,
                           long queryTimeoutMillis) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        int id = TRANSPORT_IDS.incrementAndGet();
        AtomicInteger threadIds = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread t = new Thread(() -> {
                ON_CALLBACK_THREAD.set(Boolean.TRUE);
                task.run();
            }, "dfx-netty-callback-" + id + "-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // One thread keeps completions in the order the event loop produced them; it times out when idle.
        this.callbackPool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        this.callbackPool.allowCoreThreadTimeOut(true);
        this.callbacks = this::runCallback;
        DnsNameResolverBuilder dns = new DnsNameResolverBuilder()
                .datagramChannelType(NioDatagramChannel.class)
                .socketChannelType(NioSocketChannel.class);
        if (nameServers != null) {
            dns.nameServerProvider(nameServers);
        }
        if (queryTimeoutMillis > 0) {
            dns.queryTimeoutMillis(queryTimeoutMillis);
        }
        this.resolvers = new DnsAddressResolverGroup(dns);
    }

    /**
     * For tests: a transport on a caller's group that asks the given DNS servers.
     *
     * @param userGroup an NIO group, not shut down by {@link #close()}
     * @param nameServers the DNS servers
     * @param queryTimeoutMillis the DNS query timeout
     * @return a new transport
     */
    static NettyTransport create(EventLoopGroup userGroup, DnsServerAddressStreamProvider nameServers,
                                 long queryTimeoutMillis) {
        return new NettyTransport(Objects.requireNonNull(userGroup, "userGroup"), false,
                Objects.requireNonNull(nameServers, "nameServers"), queryTimeoutMillis);
    }

    /**
     * Creates a transport with its own NIO event-loop group (threads {@code dfx-netty-io-*}, daemon, started
     * lazily), which {@link #close()} shuts down.
     *
     * @return a new transport; close it when done
     */
    public static NettyTransport create() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("dfx-netty-io", true),
                NioIoHandler.newFactory());
        return new NettyTransport(group, true);
    }

    /**
     * Creates a transport on an event-loop group you own (for example, shared with the rest of a gateway). The group
     * must run NIO channels ({@code MultiThreadIoEventLoopGroup} with {@code NioIoHandler}); it stays yours:
     * {@link #close()} closes this transport's connections but does not shut the group down.
     *
     * @param userGroup an NIO event-loop group, not shut down
     * @return a new transport; close it when done
     * @throws NullPointerException if {@code userGroup} is null
     * @throws IllegalArgumentException if {@code userGroup} is already shutting down
     */
    public static NettyTransport create(EventLoopGroup userGroup) {
        Objects.requireNonNull(userGroup, "userGroup");
        if (userGroup.isShuttingDown()) {
            throw new IllegalArgumentException("userGroup is shutting down");
        }
        return new NettyTransport(userGroup, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The returned future completes on this transport's callback thread, never on an event loop. After
     * {@link #close()} it fails at once with a non-retryable {@link DfxTransportException}.
     */
    @Override
    public CompletableFuture<Connection> connect(ConnectSpec spec, ConnectionListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(listener, "listener");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new DfxTransportException("transport is closed", null, false));
        }
        if (spec.cleartextRefused()) {
            // Issue 12: checked for every connection, before any socket is opened.
            return CompletableFuture.failedFuture(new DfxTransportException("ws:// (no TLS) to "
                    + spec.uri().getHost() + " is refused: not loopback; use wss:// or allowInsecureRemote", null,
                    false));
        }
        URI uri = spec.uri();
        String host = unbracket(uri.getHost());
        int port = uri.getPort() != -1 ? uri.getPort() : spec.secure() ? 443 : 80;
        SSLEngine sslEngine;
        try {
            sslEngine = spec.secure() ? newSslEngine(spec, host, port) : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(new DfxTransportException("cannot set up TLS", e, false));
        }
        ProxySpec proxy = spec.proxy();
        Optional<InetSocketAddress> via;
        try {
            via = proxy == null ? Optional.empty() : proxy.addressFor(uri);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new DfxTransportException("cannot choose a proxy for "
                    + host + ":" + port, e, false));
        }
        CompletableFuture<Connection> result = new CompletableFuture<>();
        EventLoop loop = group.next();
        NettyConnection connection = new NettyConnection(spec, listener, newHandshaker(spec), result, callbacks,
                host + ":" + port);
        if (via.isEmpty()) {
            open(spec, connection, loop, sslEngine, null, host, port);
            return result;
        }
        // The proxy's own name is resolved without blocking the event loop too; the target's is the proxy's job.
        resolvers.getResolver(loop).resolve(via.get()).addListener(f -> {
            if (f.isSuccess()) {
                open(spec, connection, loop, sslEngine, (InetSocketAddress) f.getNow(), host, port);
            } else {
                Throwable cause = f.cause();
                callbacks.execute(() -> result.completeExceptionally(new DfxTransportException(
                        "cannot resolve the proxy " + via.get().getHostString(), cause, true)));
            }
        });
        return result;
    }

    /**
     * Opens the channel, directly or through a {@code CONNECT} tunnel.
     *
     * @param proxyAddress the resolved proxy, or null for a direct connection
     */
    private void open(ConnectSpec spec, NettyConnection connection, EventLoop loop, SSLEngine sslEngine,
                      InetSocketAddress proxyAddress, String host, int port) {
        long timeoutMillis = Math.max(1, spec.connectTimeout().toMillis());
        ProxySpec proxy = spec.proxy();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                // Direct: DNS without blocking the event loop. Proxied: the proxy resolves the target's name.
                .resolver(proxyAddress == null ? resolvers : NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (proxyAddress != null) {
                            // First in the pipeline: the TLS handshake and the upgrade wait for the tunnel.
                            HttpProxyHandler tunnel = proxy.hasCredentials()
                                    ? new HttpProxyHandler(proxyAddress, proxy.username(), proxy.password())
                                    : new HttpProxyHandler(proxyAddress);
                            tunnel.setConnectTimeoutMillis(timeoutMillis);
                            p.addLast("proxy", tunnel);
                        }
                        if (sslEngine != null) {
                            SslHandler ssl = new SslHandler(sslEngine);
                            ssl.setHandshakeTimeoutMillis(timeoutMillis);
                            p.addLast("tls", ssl);
                        }
                        p.addLast("http", new HttpClientCodec());
                        p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES));
                        p.addLast("dfx", connection);
                    }
                });
        LOG.log(Level.DEBUG, () -> "connecting to " + host + ":" + port
                + (proxyAddress != null ? " through a proxy" : ""));
        ChannelFuture connectFuture = bootstrap.connect(InetSocketAddress.createUnresolved(host, port));
        Channel channel = connectFuture.channel();
        channels.put(channel, connection);
        channel.closeFuture().addListener(f -> channels.remove(channel));
        connection.start(channel, loop, connectFuture);
        if (closed.get()) {
            // close() ran concurrently and may have missed this channel.
            connection.abort();
        }
    }

    /**
     * Aborts the connections still open (each sees one terminal {@code onFailure}), shuts down the event-loop group
     * if this transport created it, and stops the callback thread. Idempotent; waits at most a few seconds. Futures
     * still pending fail with {@link dev.dfx.core.error.DfxConnectionClosedException} or
     * {@link DfxTransportException}.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.DEBUG, "closing Netty transport");
        boolean onOurEventLoop = onEventLoop();
        List<ChannelFuture> closing = new ArrayList<>();
        for (Map.Entry<Channel, NettyConnection> open : channels.entrySet()) {
            open.getValue().abort();
            closing.add(open.getKey().closeFuture());
        }
        if (!onOurEventLoop) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_CHANNELS_WAIT_MILLIS);
            for (ChannelFuture f : closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                    LOG.log(Level.WARNING, "a channel did not close in time");
                    break;
                }
            }
        }
        if (ownsGroup) {
            io.netty.util.concurrent.Future<?> terminated = group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS);
            if (!onOurEventLoop && !terminated.awaitUninterruptibly(GROUP_SHUTDOWN_WAIT_MILLIS)) {
                LOG.log(Level.WARNING, "Netty event loops did not stop in time");
            }
        }
        resolvers.close();
        callbackPool.shutdown();
        if (!Boolean.TRUE.equals(ON_CALLBACK_THREAD.get())) {
            try {
                if (!callbackPool.awaitTermination(CALLBACK_SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    LOG.log(Level.WARNING, "callback thread did not stop in time; interrupting it");
                    callbackPool.shutdownNow();
                }
            } catch (InterruptedException e) {
                callbackPool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return a short description (never a secret) */
    @Override
    public String toString() {
        return "NettyTransport[open channels=" + channels.size() + ", ownsGroup=" + ownsGroup + ", closed="
                + closed.get() + "]";
    }

    private boolean onEventLoop() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** Runs a future completion off the event loop; after close, on the common pool (never an event loop). */
    private void runCallback(Runnable task) {
        try {
            callbackPool.execute(task);
        } catch (RejectedExecutionException e) {
            ForkJoinPool.commonPool().execute(task);
        }
    }

    /** {@code URI.getHost()} keeps the brackets of an IPv6 literal; sockets and TLS want the bare address. */
    private static String unbracket(String host) {
        return host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
    }

    private static SSLEngine newSslEngine(ConnectSpec spec, String host, int port) throws GeneralSecurityException {
        SSLContext context = spec.sslContext() != null ? spec.sslContext() : SSLContext.getDefault();
        // Host and port give the engine SNI and the name to verify.
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (spec.verifyHostname()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static WebSocketClientHandshaker newHandshaker(ConnectSpec spec) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            headers.add(header.getKey(), header.getValue());
        }
        String subprotocols = spec.subprotocols().isEmpty() ? null : String.join(",", spec.subprotocols());
        return WebSocketClientHandshakerFactory.newHandshaker(spec.uri(), WebSocketVersion.V13, subprotocols,
                false, headers, spec.maxFrameBytes(), true, false, -1, false, false);
    }
}
