package dev.dfx.transport.jetty;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Promise;

/**
 * Jetty's {@link HttpProxy}, always through a {@code CONNECT} tunnel (for {@code ws://} too: RFC 6455 §4.1; Jetty
 * would otherwise send a clear-text upgrade to the proxy in absolute form, which {@code CONNECT}-only proxies
 * refuse), and without Jetty 12.1's race between the {@code CONNECT} request and the request tunnelled after it.
 *
 * <p><b>The race.</b> Jetty establishes the tunnel when the {@code 200} response's headers arrive, on the thread that
 * read them, and at once sends the tunnelled request (the WebSocket upgrade) on the same socket. On loopback the
 * proxy can answer while the thread that wrote the {@code CONNECT} is still inside Jetty's {@code WriteFlusher}
 * (after the bytes left, before it marks the write done): the upgrade's write then fails with
 * {@link java.nio.channels.WritePendingException} and the connect fails. This class holds the tunnelled connection
 * back until Jetty reports the {@code CONNECT} request itself complete (which it does only once its write is done),
 * so the two writes can never overlap. No timer, no retry: each tunnel waits for exactly its own request.
 *
 * <p>Thread-safe. {@link #install(HttpClient)} must be called once before the client sends through this proxy.
 */
final class TunnellingHttpProxy extends HttpProxy {
    /** Tunnels being set up, by the local address of their socket to the proxy. */
    private final Map<SocketAddress, Gate> gates = new ConcurrentHashMap<>();

    TunnellingHttpProxy(String host, int port) {
        super(new Origin.Address(host, port), false);
    }

    /** Registers the listener that opens each tunnel's gate when its {@code CONNECT} request is fully written. */
    void install(HttpClient client) {
        client.getRequestListeners().addSuccessListener(this::onRequestSuccess);
    }

    @Override
    public boolean requiresTunnel(Origin serverOrigin) {
        return true;
    }

    @Override
    public ClientConnectionFactory newClientConnectionFactory(ClientConnectionFactory connectionFactory) {
        ClientConnectionFactory tunnelling = super.newClientConnectionFactory(connectionFactory);
        return new ClientConnectionFactory() {
            @Override
            public org.eclipse.jetty.io.Connection newConnection(EndPoint endPoint, Map<String, Object> context)
                    throws IOException {
                SocketAddress local = endPoint.getLocalSocketAddress();
                Object promise = context.get(Connection.PROMISE_CONTEXT_KEY);
                if (local != null && promise instanceof Promise<?>) {
                    @SuppressWarnings("unchecked")
                    Promise<Connection> tunnelled = (Promise<Connection>) promise;
                    Gate gate = new Gate(local, tunnelled);
                    gates.put(local, gate);
                    context.put(Connection.PROMISE_CONTEXT_KEY, gate);
                }
                return tunnelling.newConnection(endPoint, context);
            }

            @Override
            public org.eclipse.jetty.io.Connection customize(org.eclipse.jetty.io.Connection connection,
                                                             Map<String, Object> context) {
                return tunnelling.customize(connection, context);
            }
        };
    }

    private void onRequestSuccess(Request request) {
        if (!HttpMethod.CONNECT.is(request.getMethod())) {
            return;
        }
        Object carrier = request.getAttributes().get(Connection.class.getName());
        if (carrier instanceof Connection c && c.getLocalSocketAddress() != null) {
            Gate gate = gates.get(c.getLocalSocketAddress());
            if (gate != null) {
                gate.connectWritten();
            }
        }
    }

    /**
     * Stands in for Jetty's promise of the tunnelled connection: passes a failure on at once, a success only once the
     * {@code CONNECT} request is complete too (whichever of the two comes last forwards it).
     */
    private final class Gate implements Promise<Connection> {
        private final SocketAddress key;
        private final Promise<Connection> delegate;
        private boolean written;
        private Connection ready;

        Gate(SocketAddress key, Promise<Connection> delegate) {
            this.key = key;
            this.delegate = delegate;
        }

        void connectWritten() {
            Connection go;
            synchronized (this) {
                written = true;
                go = ready;
                ready = null;
            }
            if (go != null) {
                forward(go);
            }
        }

        @Override
        public void succeeded(Connection connection) {
            synchronized (this) {
                if (!written) {
                    ready = connection;
                    return;
                }
            }
            forward(connection);
        }

        @Override
        public void failed(Throwable failure) {
            gates.remove(key, this);
            delegate.failed(failure);
        }

        private void forward(Connection connection) {
            gates.remove(key, this);
            delegate.succeeded(connection);
        }
    }
}
