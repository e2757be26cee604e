package dev.dfx.core;

import dev.dfx.core.port.ProxySpec;
import dev.dfx.core.auth.Credentials;
import dev.dfx.core.auth.DfxRegion;
import dev.dfx.core.auth.TokenStore;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Immutable configuration of a {@link DfxClient} (docs/style.md §6). Build with {@link #builder()}, change with
 * {@link #toBuilder()}; {@link Builder#build()} validates. {@link #toString()} never shows a token.
 *
 * <p>Defaults: URI {@code wss://api.deepaffex.ai} (docs/protocol.md §1.1); in-band login with {@code 0718} on open
 * (§1.3), header auth off; connect timeout 10 s; request timeout 30 s; heartbeat ping every 5 s, the connection
 * declared dead when more than 2 pongs in a row are missed, so a silent server is found within 20 s, before any
 * request can time out, and a request unanswered for one interval probes the socket with a ping at once (§1.4,
 * issue 12); inbound frames up to 16 MiB; outbound queue up to 64 MiB; 1024 requests
 * in flight; real-time pacing on with a 4 s burst (one second under the fake server's 5 s allowance, for network
 * jitter, §4.3); final result awaited 30 s after the LAST ack (§5.5); {@code ws://} only to loopback hosts;
 * reconnect on with {@link ReconnectPolicy#defaults()} (0.5 s initial, ×2, 10 s cap, 20 % jitter, 8 attempts, §6.3).
 */
public final class DfxClientConfig {
    /** The global endpoint (docs/protocol.md §1.1). */
    public static final URI DEFAULT_URI = URI.create("wss://api.deepaffex.ai");

    private final URI uri;
    private final String userToken;
    private final String deviceToken;
    private final boolean headerAuth;
    private final boolean inBandLogin;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration heartbeatInterval;
    private final int allowedMissedPongs;
    private final int maxFrameBytes;
    private final long maxQueuedBytes;
    private final int maxPendingRequests;
    private final boolean realTimePacing;
    private final Duration pacingBurst;
    private final Duration resultTimeout;
    private final boolean allowInsecureRemote;
    private final SSLContext sslContext;
    private final ProxySpec proxy;
    private final ReconnectPolicy reconnectPolicy;
    private final int rateLimitRetries;
    private final Duration rateLimitMaxWait;
    private final long maxInboundQueuedBytes;
    private final Credentials credentials;
    private final TokenStore tokenStore;
    private final double renewAt;
    private final boolean uriSet;

    private DfxClientConfig(Builder b) {
        this.uri = b.uri;
        this.userToken = b.userToken;
        this.deviceToken = b.deviceToken;
        this.headerAuth = b.headerAuth;
        this.inBandLogin = b.inBandLogin;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.allowedMissedPongs = b.allowedMissedPongs;
        this.maxFrameBytes = b.maxFrameBytes;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.maxPendingRequests = b.maxPendingRequests;
        this.realTimePacing = b.realTimePacing;
        this.pacingBurst = b.pacingBurst;
        this.resultTimeout = b.resultTimeout;
        this.allowInsecureRemote = b.allowInsecureRemote;
        this.sslContext = b.sslContext;
        this.proxy = b.proxy;
        this.reconnectPolicy = b.reconnectPolicy;
        this.rateLimitRetries = b.rateLimitRetries;
        this.rateLimitMaxWait = b.rateLimitMaxWait;
        this.maxInboundQueuedBytes = b.maxInboundQueuedBytes;
        this.credentials = b.credentials;
        this.tokenStore = b.tokenStore;
        this.renewAt = b.renewAt;
        this.uriSet = b.uriSet;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.uri = uri;
        b.userToken = userToken;
        b.deviceToken = deviceToken;
        b.headerAuth = headerAuth;
        b.inBandLogin = inBandLogin;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.allowedMissedPongs = allowedMissedPongs;
        b.maxFrameBytes = maxFrameBytes;
        b.maxQueuedBytes = maxQueuedBytes;
        b.maxPendingRequests = maxPendingRequests;
        b.realTimePacing = realTimePacing;
        b.pacingBurst = pacingBurst;
        b.resultTimeout = resultTimeout;
        b.allowInsecureRemote = allowInsecureRemote;
        b.sslContext = sslContext;
        b.proxy = proxy;
        b.reconnectPolicy = reconnectPolicy;
        b.rateLimitRetries = rateLimitRetries;
        b.rateLimitMaxWait = rateLimitMaxWait;
        b.maxInboundQueuedBytes = maxInboundQueuedBytes;
        b.credentials = credentials;
        b.tokenStore = tokenStore;
        b.renewAt = renewAt;
        b.uriSet = uriSet;
        return b;
    }

    /** @return the server URI */
    public URI uri() {
        return uri;
    }

    /**
     * The token used to log in: the user token if set, else the device token (docs/protocol.md §1.3, as [PY] does), else
     * the token of {@link Credentials.Tokens} credentials; null when the client gets its token from licence or user
     * credentials (see {@link #credentials()}). Never log it.
     *
     * @return the token, or null
     */
    public String token() {
        if (userToken != null) {
            return userToken;
        }
        if (deviceToken != null) {
            return deviceToken;
        }
        return credentials instanceof Credentials.Tokens ? ((Credentials.Tokens) credentials).pair().token() : null;
    }

    /**
     * How the client gets, keeps and renews its token (docs/protocol.md §1.3, §6.3): set with
     * {@link Builder#credentials}. When present, the client logs in through its token manager: it reuses a pair
     * from {@link #tokenStore()}, registers ({@code 0705}) or logs in ({@code 0201}) on the open socket when it has
     * none, renews with {@code 2304} before expiry and on {@code 401 TOKEN_EXPIRED}. Empty for the plain
     * {@link Builder#deviceToken}/{@link Builder#userToken} path, which logs in with {@code 0718} and never renews.
     *
     * @return the credentials, if set
     */
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** @return where the token pair is kept; default a new {@link TokenStore#inMemory()} per config */
    public TokenStore tokenStore() {
        return tokenStore;
    }

    /** @return the fraction of a token's lifetime ({@code exp - iat}) after which it is renewed; default 0.8 */
    public double renewAt() {
        return renewAt;
    }

    /**
     * @return true if the URI was set explicitly ({@link Builder#uri} or {@link Builder#region}); when not, a client
     *     with credentials connects to the cluster named by its token's {@code Region} claim (docs/protocol.md §1.1,
     *     §1.3), else to {@link #DEFAULT_URI}
     */
    public boolean uriSet() {
        return uriSet;
    }

    /** @return the user token, if set; never log it */
    public Optional<String> userToken() {
        return Optional.ofNullable(userToken);
    }

    /** @return the device token, if set; never log it */
    public Optional<String> deviceToken() {
        return Optional.ofNullable(deviceToken);
    }

    /** @return true to send {@code Authorization: Bearer} on the upgrade request (docs/protocol.md §1.3 B) */
    public boolean headerAuth() {
        return headerAuth;
    }

    /** @return true to log in with {@code 0718} right after the socket opens (docs/protocol.md §1.3 A) */
    public boolean inBandLogin() {
        return inBandLogin;
    }

    /** @return bound on opening the socket */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return bound on each request's answer, login included */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * @return interval between client pings (docs/protocol.md §1.4); also how long an unanswered request waits before the
     *     client probes the socket with a ping, and how long that probe waits for a pong (or any frame) before the
     *     connection is declared dead. Zero turns the heartbeat and the probes off. Default 5 s.
     */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * @return pongs that may go missing in a row: a pong is missed when it has not come (nor any other frame) one
     *     interval after its ping, and the connection is declared dead at the {@code allowedMissedPongs + 1}-th miss,
     *     at most {@code (allowedMissedPongs + 2) × heartbeatInterval} after the server went silent. Default 2.
     */
    public int allowedMissedPongs() {
        return allowedMissedPongs;
    }

    /** @return largest inbound frame */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** @return outbound bytes allowed to queue in the transport */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** @return requests allowed in flight before {@code sendMessage} fails fast */
    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    /** @return true to pace chunks by real time (docs/protocol.md §4.3) */
    public boolean realTimePacing() {
        return realTimePacing;
    }

    /** @return how far chunk-seconds may run ahead of real time */
    public Duration pacingBurst() {
        return pacingBurst;
    }

    /**
     * @return wait for the final result after the LAST chunk's ack (docs/protocol.md §5.5); for a stream that was resumed
     *     after a dropped connection, a {@code 0500} Retrieve is tried before the stream fails
     */
    public Duration resultTimeout() {
        return resultTimeout;
    }

    /** @return true to allow {@code ws://} (no TLS) to a host that is not loopback */
    public boolean allowInsecureRemote() {
        return allowInsecureRemote;
    }

    /**
     * The TLS context for {@code wss://}: its trust managers decide which server certificates are trusted (for
     * example a private CA, or {@code dfx serve --tls}'s self-signed certificate). Host name verification stays on
     * whatever the context. Default: none, the JDK's default context and trust store.
     *
     * @return the context, if set
     */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /**
     * The HTTP {@code CONNECT} proxy every connection ({@code ws://} and {@code wss://}) is tunnelled through.
     * Default: none, connect directly. {@link ProxySpec#systemDefault()} uses the JVM's {@code ProxySelector}.
     *
     * @return the proxy, if set
     */
    public Optional<ProxySpec> proxy() {
        return Optional.ofNullable(proxy);
    }

    /**
     * How the client reconnects after an unexpected drop, and the backoff curve of its {@code 5xx} retries
     * (docs/protocol.md §6.3). Default {@link ReconnectPolicy#defaults()}; {@link ReconnectPolicy#none()} turns it off.
     *
     * @return the policy
     */
    public ReconnectPolicy reconnectPolicy() {
        return reconnectPolicy;
    }

    /**
     * @return how many times one chunk is resent after {@code RATE_LIMIT} (docs/protocol.md §4.5) before its stream fails
     *     with {@link dev.dfx.core.error.DfxRateLimitException}; default 8 (issue 12)
     */
    public int rateLimitRetries() {
        return rateLimitRetries;
    }

    /**
     * @return how long one chunk may keep meeting {@code RATE_LIMIT}, from the first refusal, before its stream fails
     *     with {@link dev.dfx.core.error.DfxRateLimitException}; measured on the monotonic ticker; default 2 min
     *     (issue 12)
     */
    public Duration rateLimitMaxWait() {
        return rateLimitMaxWait;
    }

    /**
     * @return bytes of inbound frames the engine holds before it asks the transport to stop reading
     *     ({@link dev.dfx.core.port.Connection#pauseReading()}); reading resumes once half of it has drained. A slow
     *     callback so bounds memory instead of letting a large push pile up on the heap; default 8 MiB (issue 12)
     */
    public long maxInboundQueuedBytes() {
        return maxInboundQueuedBytes;
    }

    @Override
    public String toString() {
        return "DfxClientConfig[uri=" + uri + ", userToken=" + (userToken == null ? "none" : "<redacted>")
                + ", deviceToken=" + (deviceToken == null ? "none" : "<redacted>") + ", headerAuth=" + headerAuth
                + ", inBandLogin=" + inBandLogin + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", heartbeatInterval=" + heartbeatInterval + ", allowedMissedPongs="
                + allowedMissedPongs + ", maxFrameBytes=" + maxFrameBytes + ", maxQueuedBytes=" + maxQueuedBytes
                + ", maxPendingRequests=" + maxPendingRequests + ", realTimePacing=" + realTimePacing
                + ", pacingBurst=" + pacingBurst + ", resultTimeout=" + resultTimeout + ", allowInsecureRemote="
                + allowInsecureRemote + ", customTls=" + (sslContext != null) + ", proxy=" + proxy
                + ", reconnectPolicy=" + reconnectPolicy + ", rateLimitRetries="
                + rateLimitRetries + ", rateLimitMaxWait=" + rateLimitMaxWait + ", maxInboundQueuedBytes="
                + maxInboundQueuedBytes + ", credentials="
                + (credentials == null ? "none" : credentials.toString()) + ", tokenStore=" + tokenStore + ", renewAt="
                + renewAt + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private URI uri = DEFAULT_URI;
        private String userToken;
        private String deviceToken;
        private boolean headerAuth;
        private boolean inBandLogin = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        private int allowedMissedPongs = 2;
        private int maxFrameBytes = 16 * 1024 * 1024;
        private long maxQueuedBytes = 64L * 1024 * 1024;
        private int maxPendingRequests = 1024;
        private boolean realTimePacing = true;
        private Duration pacingBurst = Duration.ofSeconds(4);
        private Duration resultTimeout = Duration.ofSeconds(30);
        private boolean allowInsecureRemote;
        private SSLContext sslContext;
        private ProxySpec proxy;
        private ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
        private int rateLimitRetries = 8;
        private Duration rateLimitMaxWait = Duration.ofMinutes(2);
        private long maxInboundQueuedBytes = 8L * 1024 * 1024;
        private Credentials credentials;
        private TokenStore tokenStore;
        private double renewAt = 0.8;
        private boolean uriSet;

        private Builder() {
        }

        /** @param value {@code ws://} or {@code wss://} URI @return this */
        public Builder uri(URI value) {
            this.uri = Objects.requireNonNull(value, "uri");
            this.uriSet = true;
            return this;
        }

        /**
         * @param value a cluster preset (docs/protocol.md §1.1); same as {@code uri(value.uri())}
         * @return this
         */
        public Builder region(DfxRegion value) {
            return uri(Objects.requireNonNull(value, "region").uri());
        }

        /**
         * @param value how the client gets its token: a token pair, a licence key with its device fields, or a user
         *     login (see {@link DfxClientConfig#credentials()}); null to clear
         * @return this
         */
        public Builder credentials(Credentials value) {
            this.credentials = value;
            return this;
        }

        /**
         * @param value where the token pair is kept between runs, e.g. {@link dev.dfx.core.auth.FileTokenStore};
         *     default in memory
         * @return this
         */
        public Builder tokenStore(TokenStore value) {
            this.tokenStore = Objects.requireNonNull(value, "tokenStore");
            return this;
        }

        /**
         * @param value renew a JWT after this fraction of its lifetime, strictly between 0 and 1; default 0.8
         * @return this
         */
        public Builder renewAt(double value) {
            this.renewAt = value;
            return this;
        }

        /**
         * @param value {@code ws://} or {@code wss://} URI
         * @return this
         * @throws IllegalArgumentException naming {@code uri} if value is not a URI (the text itself is not echoed)
         */
        public Builder uri(String value) {
            Objects.requireNonNull(value, "uri");
            try {
                return uri(new URI(value));
            } catch (URISyntaxException e) {
                // Not chained: the parser's message quotes the whole text, which may carry credentials.
                throw new IllegalArgumentException("uri is not a valid URI: " + e.getReason() + " at index "
                        + e.getIndex());
            }
        }

        /** @param value the user token (preferred over the device token), or null @return this */
        public Builder userToken(String value) {
            this.userToken = value;
            return this;
        }

        /** @param value the device token, or null @return this */
        public Builder deviceToken(String value) {
            this.deviceToken = value;
            return this;
        }

        /** @param value send the token as an {@code Authorization: Bearer} header @return this */
        public Builder headerAuth(boolean value) {
            this.headerAuth = value;
            return this;
        }

        /** @param value log in with {@code 0718} after open @return this */
        public Builder inBandLogin(boolean value) {
            this.inBandLogin = value;
            return this;
        }

        /** @param value positive @return this */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** @param value positive @return this */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /** @param value zero (off) or positive @return this */
        public Builder heartbeatInterval(Duration value) {
            this.heartbeatInterval = value;
            return this;
        }

        /** @param value 0 or more @return this */
        public Builder allowedMissedPongs(int value) {
            this.allowedMissedPongs = value;
            return this;
        }

        /** @param value positive @return this */
        public Builder maxFrameBytes(int value) {
            this.maxFrameBytes = value;
            return this;
        }

        /** @param value positive @return this */
        public Builder maxQueuedBytes(long value) {
            this.maxQueuedBytes = value;
            return this;
        }

        /** @param value positive @return this */
        public Builder maxPendingRequests(int value) {
            this.maxPendingRequests = value;
            return this;
        }

        /** @param value pace chunks by real time @return this */
        public Builder realTimePacing(boolean value) {
            this.realTimePacing = value;
            return this;
        }

        /** @param value zero or more @return this */
        public Builder pacingBurst(Duration value) {
            this.pacingBurst = value;
            return this;
        }

        /** @param value positive @return this */
        public Builder resultTimeout(Duration value) {
            this.resultTimeout = value;
            return this;
        }

        /** @param value allow {@code ws://} to a host that is not loopback @return this */
        public Builder allowInsecureRemote(boolean value) {
            this.allowInsecureRemote = value;
            return this;
        }

        /**
         * @param value the TLS context for {@code wss://} (trust material for a private CA), or null for the JDK
         *     default; host name verification stays on
         * @return this
         */
        public Builder sslContext(SSLContext value) {
            this.sslContext = value;
            return this;
        }

        /**
         * @param value the HTTP {@code CONNECT} proxy to tunnel every connection through, or null for none
         * @return this
         */
        public Builder proxy(ProxySpec value) {
            this.proxy = value;
            return this;
        }

        /**
         * @param value the reconnect policy; {@link ReconnectPolicy#none()} never reconnects
         * @return this
         */
        public Builder reconnect(ReconnectPolicy value) {
            this.reconnectPolicy = value;
            return this;
        }

        /** @param value resends of one chunk after {@code RATE_LIMIT}, 0 or more; default 8 @return this */
        public Builder rateLimitRetries(int value) {
            this.rateLimitRetries = value;
            return this;
        }

        /** @param value how long one chunk may keep meeting {@code RATE_LIMIT}; positive; default 2 min @return this */
        public Builder rateLimitMaxWait(Duration value) {
            this.rateLimitMaxWait = value;
            return this;
        }

        /** @param value inbound bytes held before reading pauses; positive; default 8 MiB @return this */
        public Builder maxInboundQueuedBytes(long value) {
            this.maxInboundQueuedBytes = value;
            return this;
        }

        /**
         * @return the validated configuration
         * @throws IllegalArgumentException naming the field that is out of range, or if {@code ws://} points at a
         *     host that is not loopback without {@link #allowInsecureRemote(boolean)}
         * @throws NullPointerException naming a missing field
         */
        public DfxClientConfig build() {
            String scheme = uri.getScheme();
            if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("uri must be ws:// or wss://, got " + uri);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("uri must name a host, got " + uri);
            }
            if ("ws".equalsIgnoreCase(scheme) && !allowInsecureRemote && !isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("uri: ws:// (no TLS) to " + uri.getHost()
                        + " is refused; use wss:// or set allowInsecureRemote(true)");
            }
            if ((userToken == null || userToken.isBlank()) && (deviceToken == null || deviceToken.isBlank())
                    && credentials == null) {
                throw new IllegalArgumentException("credentials (a licence key, a user login or a token pair), "
                        + "userToken or deviceToken must be set (non-blank)");
            }
            if (credentials != null && (userToken != null || deviceToken != null)) {
                throw new IllegalArgumentException("set either credentials or userToken/deviceToken, not both");
            }
            if (!(renewAt > 0 && renewAt < 1)) {
                throw new IllegalArgumentException("renewAt must be between 0 and 1 (exclusive), got " + renewAt);
            }
            if (tokenStore == null) {
                tokenStore = TokenStore.inMemory();
            }
            if (credentials != null && !inBandLogin) {
                throw new IllegalArgumentException("credentials need inBandLogin: the token is got and renewed on "
                        + "the socket");
            }
            if (userToken != null && userToken.isBlank()) {
                throw new IllegalArgumentException("userToken must not be blank");
            }
            if (deviceToken != null && deviceToken.isBlank()) {
                throw new IllegalArgumentException("deviceToken must not be blank");
            }
            if (!inBandLogin && !headerAuth) {
                throw new IllegalArgumentException("inBandLogin or headerAuth must be on, or the client never "
                        + "authenticates");
            }
            Objects.requireNonNull(reconnectPolicy, "reconnectPolicy");
            positive(rateLimitMaxWait, "rateLimitMaxWait");
            if (rateLimitRetries < 0) {
                throw new IllegalArgumentException("rateLimitRetries must be 0 or more, got " + rateLimitRetries);
            }
            if (maxInboundQueuedBytes <= 0) {
                throw new IllegalArgumentException("maxInboundQueuedBytes must be positive, got "
                        + maxInboundQueuedBytes);
            }
            positive(connectTimeout, "connectTimeout");
            positive(requestTimeout, "requestTimeout");
            positive(resultTimeout, "resultTimeout");
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            if (heartbeatInterval.isNegative()) {
                throw new IllegalArgumentException("heartbeatInterval must be zero or more, got " + heartbeatInterval);
            }
            Objects.requireNonNull(pacingBurst, "pacingBurst");
            if (pacingBurst.isNegative()) {
                throw new IllegalArgumentException("pacingBurst must be zero or more, got " + pacingBurst);
            }
            if (allowedMissedPongs < 0) {
                throw new IllegalArgumentException("allowedMissedPongs must be 0 or more, got " + allowedMissedPongs);
            }
            if (maxFrameBytes <= 0) {
                throw new IllegalArgumentException("maxFrameBytes must be positive, got " + maxFrameBytes);
            }
            if (maxQueuedBytes <= 0) {
                throw new IllegalArgumentException("maxQueuedBytes must be positive, got " + maxQueuedBytes);
            }
            if (maxPendingRequests <= 0) {
                throw new IllegalArgumentException("maxPendingRequests must be positive, got " + maxPendingRequests);
            }
            return new DfxClientConfig(this);
        }

        private static void positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }

        private static boolean isLoopback(String host) {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (h.equalsIgnoreCase("localhost")) {
                return true;
            }
            // Only literal addresses are checked here: no DNS lookup happens while building a config.
            boolean ipv4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean ipv6 = h.contains(":") && h.matches("[0-9A-Fa-f:.]+");
            if (ipv4 || ipv6) {
                try {
                    return InetAddress.getByName(h).isLoopbackAddress();
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return false;
        }
    }
}
