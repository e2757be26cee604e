package dev.dfx.testkit.socket;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
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

    /** Forgets the recorded tunnels and refusals. */
    public void reset() {
        tunnels.clear();
        refused.set(0);
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
