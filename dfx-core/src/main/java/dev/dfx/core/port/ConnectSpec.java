package dev.dfx.core.port;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where and how a {@link Transport} connects (docs/style.md §3). Immutable. {@link #toString()} never shows header
 * values, because the {@code Authorization} header holds a token.
 *
 * @param uri {@code ws://} or {@code wss://} URI
 * @param subprotocols subprotocols to offer, in order; the DFX API needs {@code json}
 * @param headers extra upgrade-request headers (e.g. {@code Authorization: Bearer ...})
 * @param connectTimeout bound on TCP connect, TLS and the upgrade together
 * @param maxFrameBytes largest inbound frame accepted; a larger one fails the connection
 * @param maxQueuedBytes outbound bytes allowed to wait for the socket before sends fail
 * @param sslContext TLS context for {@code wss}, or null for the JDK default
 * @param verifyHostname whether to check the server certificate's host name (on by default)
 * @param allowInsecureRemote whether {@code ws://} (clear text) may go to a host that is not loopback (off by
 *     default; see {@link #cleartextRefused()})
 * @param proxy the HTTP {@code CONNECT} proxy to tunnel through, or null to connect directly
 */
public record ConnectSpec(URI uri, List<String> subprotocols, Map<String, String> headers, Duration connectTimeout,
                          int maxFrameBytes, long maxQueuedBytes, SSLContext sslContext, boolean verifyHostname,
                          boolean allowInsecureRemote, ProxySpec proxy) {

    /** Default inbound frame bound: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** Default outbound queue bound: 64 MiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;
    /** Default connect timeout: 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Validates every argument and copies the collections. */
    public ConnectSpec {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("uri must be ws:// or wss://, got scheme " + scheme);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("uri must name a host");
        }
        subprotocols = List.copyOf(Objects.requireNonNull(subprotocols, "subprotocols"));
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
        }
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, got " + maxFrameBytes);
        }
        if (maxQueuedBytes <= 0) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive, got " + maxQueuedBytes);
        }
    }

    /**
     * The spec without a proxy, refusing clear text to remote hosts (the shape before issue 12).
     *
     * @param uri {@code ws://} or {@code wss://} URI
     * @param subprotocols subprotocols to offer
     * @param headers extra upgrade-request headers
     * @param connectTimeout bound on TCP connect, TLS and the upgrade together
     * @param maxFrameBytes largest inbound frame accepted
     * @param maxQueuedBytes outbound bytes allowed to wait for the socket
     * @param sslContext TLS context for {@code wss}, or null for the JDK default
     * @param verifyHostname whether to check the server certificate's host name
     */
    public ConnectSpec(URI uri, List<String> subprotocols, Map<String, String> headers, Duration connectTimeout,
                       int maxFrameBytes, long maxQueuedBytes, SSLContext sslContext, boolean verifyHostname) {
        this(uri, subprotocols, headers, connectTimeout, maxFrameBytes, maxQueuedBytes, sslContext, verifyHostname,
                false, null);
    }

    /**
     * The rule "{@code ws://} only to loopback unless allowed" (issue 12), which every transport checks for every
     * connection it opens, before a byte is sent, and which no redirect can get around (no transport follows one;
     * see {@link dev.dfx.core.error.DfxHandshakeException#location()}). Loopback means {@code localhost} or a
     * literal loopback address ({@code 127.0.0.0/8}, {@code ::1}); a host name is never resolved for this check, so
     * a name that merely resolves to loopback counts as remote.
     *
     * @return true if this spec asks for clear text to a host that is not loopback without
     *     {@link #allowInsecureRemote()}: the transport must fail the connect with a non-retryable
     *     {@link dev.dfx.core.error.DfxTransportException} and open no socket
     */
    public boolean cleartextRefused() {
        return !secure() && !allowInsecureRemote && !isLoopbackHost(uri.getHost());
    }

    /**
     * @param host a URI host (an IPv6 literal may keep its brackets)
     * @return whether it is {@code localhost} or a literal loopback address; no DNS lookup happens
     */
    public static boolean isLoopbackHost(String host) {
        Objects.requireNonNull(host, "host");
        String h = host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return h.startsWith("127.");
        }
        if (h.contains(":") && h.matches("[0-9A-Fa-f:.]+")) {
            try {
                return java.net.InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * @param uri the server URI
     * @return a builder offering {@code json}, with the defaults above
     */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** @return true for {@code wss} */
    public boolean secure() {
        return "wss".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public String toString() {
        return "ConnectSpec[uri=" + uri + ", subprotocols=" + subprotocols + ", headers=" + headers.keySet()
                + " (values hidden), connectTimeout=" + connectTimeout + ", maxFrameBytes=" + maxFrameBytes
                + ", maxQueuedBytes=" + maxQueuedBytes + ", customTls=" + (sslContext != null)
                + ", verifyHostname=" + verifyHostname + ", allowInsecureRemote=" + allowInsecureRemote
                + (proxy != null ? ", proxy=" + proxy : "") + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private List<String> subprotocols = List.of("json");
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
        private SSLContext sslContext;
        private boolean verifyHostname = true;
        private boolean allowInsecureRemote;
        private ProxySpec proxy;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** @param value subprotocols to offer @return this */
        public Builder subprotocols(List<String> value) {
            this.subprotocols = List.copyOf(Objects.requireNonNull(value, "subprotocols"));
            return this;
        }

        /** @param name header name @param value header value @return this */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @param value connect timeout @return this */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** @param value inbound frame bound @return this */
        public Builder maxFrameBytes(int value) {
            this.maxFrameBytes = value;
            return this;
        }

        /** @param value outbound queue bound @return this */
        public Builder maxQueuedBytes(long value) {
            this.maxQueuedBytes = value;
            return this;
        }

        /** @param value TLS context, or null for the JDK default @return this */
        public Builder sslContext(SSLContext value) {
            this.sslContext = value;
            return this;
        }

        /** @param value whether to verify the server's host name @return this */
        public Builder verifyHostname(boolean value) {
            this.verifyHostname = value;
            return this;
        }

        /** @param value allow {@code ws://} to a host that is not loopback (default false) @return this */
        public Builder allowInsecureRemote(boolean value) {
            this.allowInsecureRemote = value;
            return this;
        }

        /** @param value the {@code CONNECT} proxy to tunnel through, or null to connect directly @return this */
        public Builder proxy(ProxySpec value) {
            this.proxy = value;
            return this;
        }

        /** @return the validated spec */
        public ConnectSpec build() {
            return new ConnectSpec(uri, subprotocols, headers, connectTimeout, maxFrameBytes, maxQueuedBytes,
                    sslContext, verifyHostname, allowInsecureRemote, proxy);
        }
    }
}
