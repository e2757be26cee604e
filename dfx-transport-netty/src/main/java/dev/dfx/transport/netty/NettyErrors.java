package dev.dfx.transport.netty;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Maps Netty's failures into the dfx error tree at the adapter's edge (docs/style.md §5), keeping the original as the
 * cause. Messages name the peer ({@code host:port}) only, never the URI's path or query, headers or payloads.
 */
final class NettyErrors {
    /** Netty puts the proxy's status line at the end of its exception message: {@code "..., status: 407 ..."}. */
    private static final Pattern PROXY_STATUS = Pattern.compile("status: (\\d{3})");

    private NettyErrors() {
    }

    /**
     * @param cause what failed the TCP connect, TLS or upgrade
     * @param peer {@code host:port}
     * @param timeout the spec's connect timeout
     * @return the dfx exception for a failed connect
     */
    static RuntimeException connectFailure(Throwable cause, String peer, Duration timeout) {
        if (find(cause, WebSocketHandshakeException.class) != null) {
            return handshakeFailure(find(cause, WebSocketHandshakeException.class));
        }
        HttpProxyHandler.HttpProxyConnectException proxyAnswer =
                find(cause, HttpProxyHandler.HttpProxyConnectException.class);
        if (proxyAnswer != null) {
            Matcher m = PROXY_STATUS.matcher(String.valueOf(proxyAnswer.getMessage()));
            if (m.find()) {
                return proxyRefused(Integer.parseInt(m.group(1)), peer, cause);
            }
        }
        if (find(cause, ProxyConnectException.class) != null) {
            // No answer from the proxy in time, or it dropped the tunnel.
            return new DfxTransportException("proxy tunnel to " + peer + " failed", cause, true);
        }
        if (find(cause, ConnectTimeoutException.class) != null
                || find(cause, SslHandshakeTimeoutException.class) != null) {
            DfxTimeoutException timedOut = new DfxTimeoutException("connect to " + peer, timeout);
            timedOut.initCause(cause);
            return timedOut;
        }
        if (find(cause, SSLException.class) != null) {
            // A certificate or protocol mismatch does not heal by retrying.
            return new DfxTransportException("TLS handshake with " + peer + " failed", cause, false);
        }
        if (find(cause, ConnectException.class) != null) {
            return new DfxTransportException("connection to " + peer + " refused", cause, true);
        }
        if (find(cause, UnknownHostException.class) != null) {
            return new DfxTransportException("cannot resolve " + peer, cause, true);
        }
        if (find(cause, ClosedChannelException.class) != null) {
            return new DfxTransportException("connection to " + peer + " closed during the handshake", cause, true);
        }
        return new DfxTransportException("connect to " + peer + " failed", cause, true);
    }

    /**
     * The proxy refused the {@code CONNECT} tunnel (the same mapping as the Jetty adapter's): {@code 407} (missing
     * or wrong credentials) and other {@code 4xx} are not retryable, a {@code 5xx} (the proxy could not reach the
     * server) is. The message names the status only, never credentials.
     *
     * @param status the proxy's HTTP status
     * @param peer {@code host:port} of the target
     * @param cause Netty's exception
     * @return the failure for the connect future
     */
    static DfxTransportException proxyRefused(int status, String peer, Throwable cause) {
        return new DfxTransportException("proxy refused the tunnel to " + peer + " with HTTP " + status, cause,
                status >= 500);
    }

    /**
     * @param e Netty's verdict on the upgrade response
     * @return {@link DfxHandshakeException} with the HTTP status, or {@link DfxHandshakeException#NO_STATUS} when
     *     the server switched protocols but the response was unacceptable (e.g. no offered subprotocol selected)
     */
    static DfxHandshakeException handshakeFailure(WebSocketHandshakeException e) {
        HttpResponse response = e instanceof WebSocketClientHandshakeException
                ? ((WebSocketClientHandshakeException) e).response() : null;
        if (response != null && !HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
            int status = response.status().code();
            if (status >= 300 && status < 400) {
                // Issue 12: never followed (Netty's handshaker does not follow either); the caller sees where to.
                String location = response.headers().get(HttpHeaderNames.LOCATION);
                return new DfxHandshakeException(status, location, "WebSocket upgrade answered with redirect HTTP "
                        + status + " (not followed)", e);
            }
            return new DfxHandshakeException(status, "WebSocket upgrade refused with HTTP " + status, e);
        }
        // docs/protocol.md §1.2: the server must select the offered subprotocol (json).
        return new DfxHandshakeException(DfxHandshakeException.NO_STATUS,
                "WebSocket upgrade response not acceptable: " + e.getMessage(), e);
    }

    /**
     * @param cause why a write failed
     * @param closed the exception describing the closed connection
     * @return {@code closed} (with the cause) if the channel was closed, else a retryable transport error
     */
    static RuntimeException writeFailure(Throwable cause, DfxConnectionClosedException closed) {
        if (cause instanceof ClosedChannelException) {
            closed.initCause(cause);
            return closed;
        }
        return new DfxTransportException("write failed", cause, true);
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
