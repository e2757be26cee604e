package dev.dfx.transport.jetty;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;

/** Maps Jetty's exceptions into the dfx error tree at the edge, keeping the original as the cause (docs/style.md §5). */
final class JettyErrors {
    /** Close code of a connection that ended without a close frame (RFC 6455 §7.4.1). */
    static final int ABNORMAL_CLOSURE = 1006;
    /** Close code for a frame over the size limit (RFC 6455 §7.4.1). */
    static final int MESSAGE_TOO_BIG = 1009;

    private JettyErrors() {
    }

    /**
     * Maps a failed connect (TCP, TLS or upgrade).
     *
     * @param error what Jetty's connect future failed with
     * @param uri the target, for messages (never carries header values)
     * @param connectTimeout the spec's connect timeout, for a timeout
     * @param location the {@code Location} of a redirect answering the upgrade, or null
     * @return the dfx exception to fail the connect future with
     */
    static DfxException connectFailure(Throwable error, URI uri, Duration connectTimeout, String location) {
        Throwable t = unwrap(error);
        if (t instanceof DfxException) {
            return (DfxException) t;
        }
        UpgradeException upgrade = find(t, UpgradeException.class);
        if (upgrade != null && upgrade.getResponseStatusCode() >= 100 && upgrade.getResponseStatusCode() != 101) {
            int status = upgrade.getResponseStatusCode();
            if (status >= 300 && status < 400) {
                return new DfxHandshakeException(status, location, "upgrade to " + uri
                        + " answered with redirect HTTP " + status + " (not followed)", t);
            }
            return new DfxHandshakeException(status, "upgrade to " + uri + " refused with HTTP " + status, t);
        }
        HttpResponseException proxyAnswer = find(t, HttpResponseException.class);
        if (proxyAnswer != null && proxyAnswer.getResponse() != null && proxyAnswer.getResponse().getRequest() != null
                && "CONNECT".equals(proxyAnswer.getResponse().getRequest().getMethod())) {
            return proxyRefused(proxyAnswer.getResponse().getStatus(), uri, t);
        }
        if (find(t, SSLException.class) != null) {
            return new DfxTransportException("TLS handshake with " + uri + " failed: " + rootMessage(t), t, false);
        }
        if (find(t, TimeoutException.class) != null || find(t, java.net.SocketTimeoutException.class) != null) {
            return withCause(new DfxTimeoutException("connect to " + uri, connectTimeout), t);
        }
        if (upgrade != null && upgrade.getResponseStatusCode() == 101) {
            // 101 answered but Jetty refused it (e.g. a subprotocol we never offered): the server's fault.
            return new DfxHandshakeException(DfxHandshakeException.NO_STATUS,
                    "upgrade to " + uri + " was not acceptable: " + rootMessage(t), t);
        }
        return new DfxTransportException("connect to " + uri + " failed: " + rootMessage(t), t, true);
    }

    /**
     * The proxy refused the {@code CONNECT} tunnel (the same mapping as the Netty adapter's): {@code 407} (missing or
     * wrong credentials) and other {@code 4xx} are not retryable, a {@code 5xx} (the proxy could not reach the
     * server) is. The message names the status only, never credentials.
     *
     * @param status the proxy's HTTP status
     * @param uri the target
     * @param cause Jetty's exception
     * @return the failure for the connect future
     */
    static DfxTransportException proxyRefused(int status, URI uri, Throwable cause) {
        return new DfxTransportException("proxy refused the tunnel to " + uri.getHost() + ":" + uri.getPort()
                + " with HTTP " + status, cause, status >= 500);
    }

    /**
     * Maps an error Jetty reported on an open connection.
     *
     * @param error the error
     * @param closeCode the close code Jetty reported with it, or {@link #ABNORMAL_CLOSURE}
     * @param locallyAborted whether this side dropped the socket
     * @return the failure the listener sees
     */
    static DfxException connectionFailure(Throwable error, int closeCode, boolean locallyAborted) {
        Throwable t = unwrap(error);
        if (t instanceof DfxException) {
            return (DfxException) t;
        }
        if (find(t, MessageTooLargeException.class) != null || hasSimpleName(t, "MessageTooLargeException")) {
            // Classified as every transport classifies it (TransportContract): we closed with 1009.
            return withCause(new DfxConnectionClosedException(MESSAGE_TOO_BIG, "inbound frame larger than "
                    + "maxFrameBytes", false), t);
        }
        if (find(t, EofException.class) != null || find(t, ClosedChannelException.class) != null) {
            return withCause(new DfxConnectionClosedException(ABNORMAL_CLOSURE, "connection dropped",
                    !locallyAborted), t);
        }
        if (find(t, SSLException.class) != null) {
            return new DfxTransportException("TLS failure: " + rootMessage(t), t, false);
        }
        if (find(t, IOException.class) != null) {
            return new DfxTransportException("I/O failure: " + rootMessage(t), t, true);
        }
        return new DfxTransportException("WebSocket failure: " + rootMessage(t), t, false);
    }

    /**
     * @param t an exception
     * @return it without {@link CompletionException} / {@link ExecutionException} wrappers
     */
    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    /** @return whether the failure is a cancellation (our own timeout cancelled Jetty's future) */
    static boolean isCancellation(Throwable t) {
        return unwrap(t) instanceof CancellationException;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable cur = t; cur != null; cur = cur.getCause() == cur ? null : cur.getCause()) {
            if (type.isInstance(cur)) {
                return type.cast(cur);
            }
        }
        return null;
    }

    private static boolean hasSimpleName(Throwable t, String name) {
        for (Throwable cur = t; cur != null; cur = cur.getCause() == cur ? null : cur.getCause()) {
            if (cur.getClass().getSimpleName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static <E extends DfxException> E withCause(E e, Throwable cause) {
        e.initCause(cause);
        return e;
    }
}
