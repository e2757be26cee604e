package dev.dfx.testkit.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * A real HTTP {@code CONNECT} proxy on loopback, for proving that clients tunnel through one (issue 12). It is
 * Jetty's own {@link ConnectHandler}, not a hand-written proxy; this class only binds it to {@code 127.0.0.1} (port
 * 0), optionally requires {@code Proxy-Authorization: Basic} credentials (answering {@code 407} otherwise, as
 * {@code ConnectHandler} does), and records the targets it tunnelled to. It tunnels wherever it is asked; tests ask
 * only for loopback targets.
 *
 * <p>Thread-safe. Its threads are named with {@link WebSocketServerFrontEnd#THREAD_NAME_PREFIX}, so the contract
 * suite's thread checks treat them as server threads. {@link #close()} is idempotent and bounded.
 */
public final class ConnectProxy implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long STOP_TIMEOUT_MILLIS = 2_000;

    private final Server server;
    private final int port;
    private final List<String> tunnels = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Opcodes of the WebSocket frames clients sent through plain ({@code ws}) tunnels, per tunnel, in order. */
    private final List<List<Integer>> clientOpcodes = new CopyOnWriteArrayList<>();

    private ConnectProxy(String expectedAuthorization) throws Exception {
        String name = WebSocketServerFrontEnd.THREAD_NAME_PREFIX + "proxy-" + INSTANCES.incrementAndGet();
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName(name);
        pool.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server = new Server(pool, new ScheduledExecutorScheduler(name + "-scheduler", true), null);
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ConnectHandler proxy = new ConnectHandler() {
            @Override
            protected boolean handleAuthentication(Request request, Response response, String address) {
                if (expectedAuthorization != null
                        && !expectedAuthorization.equals(request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION))) {
                    refused.incrementAndGet();
                    return false;
                }
                tunnels.add(address);
                return true;
            }

            @Override
            protected int read(EndPoint endPoint, ByteBuffer buffer, ConcurrentMap<String, Object> context)
                    throws IOException {
                int start = buffer.position();
                int n = super.read(endPoint, buffer, context);
                if (n > 0 && fromClient(endPoint)) {
                    FrameTap tap = (FrameTap) context.computeIfAbsent(FrameTap.class.getName(), k -> {
                        FrameTap t = new FrameTap();
                        clientOpcodes.add(t.opcodes);
                        return t;
                    });
                    ByteBuffer seen = buffer.duplicate();
                    seen.limit(start + n).position(start);
                    tap.feed(seen);
                }
                return n;
            }
        };
        server.setHandler(proxy);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        port = connector.getLocalPort();
    }

    /**
     * @return a running proxy that tunnels anyone to loopback targets
     * @throws IllegalStateException if it cannot start
     */
    public static ConnectProxy start() {
        return create(null);
    }

    /**
     * @param username the user name clients must send
     * @param password the password clients must send
     * @return a running proxy that answers {@code 407} to a {@code CONNECT} without these Basic credentials
     * @throws IllegalStateException if it cannot start
     */
    public static ConnectProxy requiringCredentials(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        String basic = Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return create("Basic " + basic);
    }

    private static ConnectProxy create(String expectedAuthorization) {
        try {
            return new ConnectProxy(expectedAuthorization);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the CONNECT proxy: " + e.getMessage(), e);
        }
    }

    /** @return {@code 127.0.0.1} */
    public String host() {
        return "127.0.0.1";
    }

    /** @return the bound port */
    public int port() {
        return port;
    }

    /** @return the {@code host:port} targets of the tunnels opened so far, in order */
    public List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    /** @return {@code CONNECT} requests refused for missing or wrong credentials */
    public int refusedForCredentials() {
        return refused.get();
    }

    /** Forgets the recorded tunnels, refusals and frames. */
    public void reset() {
        tunnels.clear();
        refused.set(0);
        clientOpcodes.clear();
    }

    /**
     * The WebSocket frames each client sent through a plain ({@code ws://}) tunnel, as opcodes in wire order
     * ({@code 0x2} binary, {@code 0x8} close, {@code 0x9} ping...): what really went over the socket, whatever the
     * server end made of it. Meaningless for {@code wss} tunnels (the bytes are encrypted).
     *
     * @return one list per tunnel, in the order the tunnels carried their first bytes
     */
    public List<List<Integer>> clientOpcodes() {
        List<List<Integer>> copy = new java.util.ArrayList<>();
        for (List<Integer> l : clientOpcodes) {
            copy.add(List.copyOf(l));
        }
        return copy;
    }

    private boolean fromClient(EndPoint endPoint) {
        return endPoint.getLocalSocketAddress() instanceof InetSocketAddress
                && ((InetSocketAddress) endPoint.getLocalSocketAddress()).getPort() == port;
    }

    /**
     * Splits a client's byte stream into WebSocket frames (RFC 6455 §5.2) after the HTTP upgrade request, keeping
     * only each frame's opcode. Confined to the tunnel's reading thread (Jetty reads one endpoint serially).
     */
    private static final class FrameTap {
        private static final int MAX_PENDING = 64 * 1024 * 1024;
        final List<Integer> opcodes = new CopyOnWriteArrayList<>();
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        private boolean headersDone;
        private boolean gaveUp;

        void feed(ByteBuffer bytes) {
            if (gaveUp) {
                return;
            }
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            pending.write(b, 0, b.length);
            byte[] all = pending.toByteArray();
            int at = 0;
            if (!headersDone) {
                int end = indexOfBlankLine(all);
                if (end < 0) {
                    return;
                }
                headersDone = true;
                at = end;
            }
            while (all.length - at >= 2) {
                int len7 = all[at + 1] & 0x7F;
                boolean masked = (all[at + 1] & 0x80) != 0;
                int extra = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
                int header = 2 + extra + (masked ? 4 : 0);
                if (all.length - at < header) {
                    break;
                }
                long len = len7;
                if (extra > 0) {
                    len = 0;
                    for (int i = 0; i < extra; i++) {
                        len = (len << 8) | (all[at + 2 + i] & 0xFF);
                    }
                }
                if (len > MAX_PENDING) {
                    gaveUp = true;
                    return;
                }
                if (all.length - at < header + len) {
                    break;
                }
                opcodes.add(all[at] & 0x0F);
                at += header + (int) len;
            }
            pending.reset();
            pending.write(all, at, all.length - at);
        }

        private static int indexOfBlankLine(byte[] all) {
            for (int i = 3; i < all.length; i++) {
                if (all[i - 3] == '\r' && all[i - 2] == '\n' && all[i - 1] == '\r' && all[i] == '\n') {
                    return i + 1;
                }
            }
            return -1;
        }
    }

    /** Stops the proxy and its threads, dropping open tunnels. Idempotent; bounded by a few seconds. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.stop();
            } catch (Exception e) {
                System.getLogger(ConnectProxy.class.getName()).log(System.Logger.Level.WARNING,
                        "CONNECT proxy did not stop cleanly", e);
            }
        }
    }

    @Override
    public String toString() {
        return "ConnectProxy[127.0.0.1:" + port + "]";
    }
}
