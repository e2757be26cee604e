package dev.dfx.testkit.wire;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the testkit's in-memory transport finds servers: a JVM-wide map from a server URI to its acceptor. Every
 * fake server registers the URIs it answers on (its socket URL too), so one test body reaches the same server over
 * a real socket or in memory by swapping only the transport. Thread-safe.
 */
public final class InMemoryRegistry {
    private static final Map<String, ConnectionAcceptor> SERVERS = new ConcurrentHashMap<>();

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
