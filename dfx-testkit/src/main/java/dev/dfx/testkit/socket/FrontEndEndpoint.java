package dev.dfx.testkit.socket;

import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The Jetty endpoint of one accepted connection: feeds a {@link ServerConnection} serially and implements the
 * {@link PeerChannel} over the Jetty session. Uses explicit demand, so the next frame is read only after the
 * acceptor returned, and it handles pings itself, so Jetty does not answer them: the acceptor decides
 * ({@code onPing} → {@code peer.pong}).
 */
final class FrontEndEndpoint implements Session.Listener, PeerChannel {
    private static final System.Logger LOG = System.getLogger(FrontEndEndpoint.class.getName());

    private final ConnectionAcceptor acceptor;
    private final HandshakeRequest request;
    private final AtomicBoolean closedNotified = new AtomicBoolean();
    private volatile Session session;
    private volatile ServerConnection connection;
    private volatile Throwable error;

    FrontEndEndpoint(ConnectionAcceptor acceptor, HandshakeRequest request) {
        this.acceptor = acceptor;
        this.request = request;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        this.connection = Objects.requireNonNull(acceptor.accept(request, this), "acceptor returned null");
        s.demand();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        ByteBuffer copy = copy(payload);
        callback.succeed();
        try {
            connection.onBinary(copy);
        } finally {
            session.demand();
        }
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            connection.onText(text);
        } finally {
            session.demand();
        }
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        try {
            connection.onPing(copy(payload));
        } finally {
            session.demand();
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        try {
            connection.onPong(copy(payload));
        } finally {
            session.demand();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // Jetty follows an error with onWebSocketClose; the error only tells the code apart in the log.
        this.error = cause;
        LOG.log(System.Logger.Level.DEBUG, () -> "front end connection error from " + request.remoteAddress()
                + ": " + cause);
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback callback) {
        try {
            if (closedNotified.compareAndSet(false, true)) {
                ServerConnection c = connection;
                if (c != null) {
                    c.onClosed(code, reason == null ? "" : reason);
                }
            }
        } finally {
            callback.succeed();
        }
    }

    // ---- PeerChannel: the acceptor talks back to the client ----

    @Override
    public void sendBinary(ByteBuffer frame) {
        Objects.requireNonNull(frame, "frame");
        session().sendBinary(writableCopy(frame), failureLogger("binary send"));
    }

    @Override
    public void sendText(String text) {
        Objects.requireNonNull(text, "text");
        session().sendText(text, failureLogger("text send"));
    }

    @Override
    public void ping(ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        session().sendPing(writableCopy(payload), failureLogger("ping"));
    }

    @Override
    public void pong(ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        session().sendPong(writableCopy(payload), failureLogger("pong"));
    }

    @Override
    public void close(int code, String reason) {
        session().close(code, reason == null ? "" : reason, failureLogger("close"));
    }

    @Override
    public void abort() {
        session().disconnect();
    }

    /** @return the last error Jetty reported, or null */
    Throwable error() {
        return error;
    }

    private Session session() {
        Session s = session;
        if (s == null) {
            throw new IllegalStateException("connection not open yet");
        }
        return s;
    }

    private Callback failureLogger(String what) {
        return Callback.from(() -> { }, t -> LOG.log(System.Logger.Level.DEBUG,
                () -> "front end " + what + " to " + request.remoteAddress() + " failed: " + t));
    }

    /** Inbound: Jetty recycles its buffer after the callback, so the acceptor gets its own read-only copy. */
    private static ByteBuffer copy(ByteBuffer source) {
        return writableCopy(source).asReadOnlyBuffer();
    }

    /** Outbound: the caller may reuse its buffer once the method returns. */
    private static ByteBuffer writableCopy(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source.duplicate());
        copy.flip();
        return copy;
    }
}
