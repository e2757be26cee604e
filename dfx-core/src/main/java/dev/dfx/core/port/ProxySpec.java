package dev.dfx.core.port;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP {@code CONNECT} proxy that every connection is tunnelled through, {@code ws://} and {@code wss://} alike
 * (issue 12: kiosks on corporate networks reach the internet only through one). Immutable. Either a fixed proxy
 * ({@link #of(String, int)}) or the JVM's {@link ProxySelector} ({@link #systemDefault()}), which is asked for every
 * connection, so {@code -Dhttps.proxyHost}, {@code -Dhttp.proxyHost} and {@code -Dhttp.nonProxyHosts} apply.
 * Optional credentials are sent as {@code Proxy-Authorization: Basic} on the {@code CONNECT} request only.
 *
 * <p>The password never appears in {@link #toString()}, a log line or an exception message; the adapters must
 * keep it that way (docs/style.md §5, §8).
 *
 * @param host the proxy's host name or address; null when {@code selector} is set
 * @param port the proxy's port, 1-65535; 0 when {@code selector} is set
 * @param username user name for {@code Proxy-Authorization: Basic}, or null for none
 * @param password password for that user, or null for none; never logged
 * @param selector a proxy selector to ask per connection instead of a fixed host, or null
 */
public record ProxySpec(String host, int port, String username, String password, ProxySelector selector) {

    /** Validates: a fixed proxy or a selector, and credentials complete or absent. */
    public ProxySpec {
        if (selector == null) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
        } else if (host != null || port != 0) {
            throw new IllegalArgumentException("a selector proxy takes no host or port; use one or the other");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together: set both or neither");
        }
        if (username != null && (username.isEmpty() || username.indexOf(':') >= 0)) {
            throw new IllegalArgumentException("username must be non-empty and hold no ':' (Basic authentication)");
        }
    }

    /**
     * A fixed proxy.
     *
     * @param host the proxy's host name or address
     * @param port the proxy's port, 1-65535
     * @return the proxy, without credentials
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code host} is blank or {@code port} out of range
     */
    public static ProxySpec of(String host, int port) {
        return new ProxySpec(host, port, null, null, null);
    }

    /**
     * Parses {@code HOST:PORT} (an IPv6 address in brackets: {@code [::1]:3128}), as the command line takes it.
     *
     * @param hostAndPort e.g. {@code proxy.corp:3128}
     * @return the fixed proxy
     * @throws IllegalArgumentException if the text is not {@code HOST:PORT}
     */
    public static ProxySpec parse(String hostAndPort) {
        Objects.requireNonNull(hostAndPort, "hostAndPort");
        try {
            URI u = new URI("http://" + hostAndPort);
            if (u.getHost() == null || u.getPort() < 0 || u.getRawPath() != null && !u.getRawPath().isEmpty()
                    || u.getUserInfo() != null) {
                throw new IllegalArgumentException("proxy must be HOST:PORT, got " + hostAndPort);
            }
            return of(unbracket(u.getHost()), u.getPort());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("proxy must be HOST:PORT, got " + hostAndPort, e);
        }
    }

    /** @return a proxy chosen per connection by {@link ProxySelector#getDefault()} (the JVM's proxy settings) */
    public static ProxySpec systemDefault() {
        ProxySelector s = ProxySelector.getDefault();
        if (s == null) {
            throw new IllegalStateException("the JVM has no default ProxySelector");
        }
        return selector(s);
    }

    /**
     * @param selector asked for every connection; {@code DIRECT} means no proxy for that target
     * @return a proxy chosen per connection by {@code selector}
     * @throws NullPointerException if {@code selector} is null
     */
    public static ProxySpec selector(ProxySelector selector) {
        return new ProxySpec(null, 0, null, null, Objects.requireNonNull(selector, "selector"));
    }

    /**
     * @param user user name for {@code Proxy-Authorization: Basic}
     * @param secret the password; never logged
     * @return a copy with these credentials
     */
    public ProxySpec withCredentials(String user, String secret) {
        return new ProxySpec(host, port, Objects.requireNonNull(user, "user"), Objects.requireNonNull(secret,
                "secret"), selector);
    }

    /** @return whether credentials are set */
    public boolean hasCredentials() {
        return username != null;
    }

    /**
     * The proxy to tunnel a connection to {@code target} through. A selector is asked with the target's scheme
     * mapped to {@code http}/{@code https} (what the JVM's proxy properties are keyed by); its first HTTP proxy
     * wins, and {@code DIRECT} (or none) means connect directly.
     *
     * @param target a {@code ws://} or {@code wss://} URI
     * @return the proxy's unresolved address (the adapter resolves it without blocking), or empty for a direct
     *     connection
     */
    public Optional<InetSocketAddress> addressFor(URI target) {
        Objects.requireNonNull(target, "target");
        if (selector == null) {
            return Optional.of(InetSocketAddress.createUnresolved(host, port));
        }
        URI asHttp;
        try {
            boolean secure = "wss".equalsIgnoreCase(target.getScheme());
            asHttp = new URI(secure ? "https" : "http", null, target.getHost(), target.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("target cannot be given to a ProxySelector: " + target, e);
        }
        List<Proxy> proxies = selector.select(asHttp);
        if (proxies == null) {
            return Optional.empty();
        }
        for (Proxy p : proxies) {
            SocketAddress a = p.address();
            if (p.type() == Proxy.Type.HTTP && a instanceof InetSocketAddress) {
                InetSocketAddress i = (InetSocketAddress) a;
                return Optional.of(InetSocketAddress.createUnresolved(i.getHostString(), i.getPort()));
            }
            if (p.type() == Proxy.Type.DIRECT) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        String where = selector != null ? "selector=" + selector.getClass().getSimpleName() : host + ":" + port;
        return "ProxySpec[" + where + (username != null ? ", user=" + username + ", password=(hidden)" : "") + "]";
    }

    private static String unbracket(String h) {
        return h.length() > 2 && h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
