package dev.dfx.testkit.wire;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * Where the testkit's in-memory transport finds servers: a JVM-wide map from a server URI to its acceptor. Every
 * fake server registers the URIs it answers on (its socket URL too), so one test body reaches the same server over
 * a real socket or in memory by swapping only the transport. Thread-safe.
 */
public final class InMemoryRegistry {
    private static final Map<String, ConnectionAcceptor> SERVERS = new ConcurrentHashMap<>();
    private static final Map<String, SSLContext> TLS = new ConcurrentHashMap<>();

    private InMemoryRegistry() {
    }

    /**
     * @param uri the URI clients will use
     * @param acceptor the server behind it
     * @return a handle whose {@code close()} removes the registration
     * @throws IllegalStateException if the URI is already registered
     */
    public static AutoCloseable register(URI uri, ConnectionAcceptor acceptor) {
        Objects.requireNonNull(acceptor, "acceptor");
        String key = key(uri);
        if (SERVERS.putIfAbsent(key, acceptor) != null) {
            throw new IllegalStateException("already registered: " + key);
        }
        return () -> SERVERS.remove(key, acceptor);
    }

    /**
     * Registers a {@code wss://} server together with the TLS context it serves with, so the in-memory transport can
     * run a real TLS handshake (in memory) and refuse clients that do not trust the server's certificate.
     *
     * @param uri the {@code wss://} URI clients will use
     * @param acceptor the server behind it
     * @param serverContext the server's TLS context (with its key)
     * @return a handle whose {@code close()} removes the registration
     */
    public static AutoCloseable registerTls(URI uri, ConnectionAcceptor acceptor, SSLContext serverContext) {
        Objects.requireNonNull(serverContext, "serverContext");
        AutoCloseable plain = register(uri, acceptor);
        String key = key(uri);
        TLS.put(key, serverContext);
        return () -> {
            TLS.remove(key, serverContext);
            plain.close();
        };
    }

    /**
     * @param uri a client's target URI
     * @return the TLS context of the server registered there with {@link #registerTls}, if any
     */
    public static Optional<SSLContext> serverTlsContext(URI uri) {
        return Optional.ofNullable(TLS.get(key(uri)));
    }

    /**
     * @param uri a client's target URI
     * @return the server registered for its scheme, host, port and path, if any
     */
    public static Optional<ConnectionAcceptor> lookup(URI uri) {
        return Optional.ofNullable(SERVERS.get(key(uri)));
    }

    private static String key(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + host + ":" + uri.getPort() + path;
    }
}
