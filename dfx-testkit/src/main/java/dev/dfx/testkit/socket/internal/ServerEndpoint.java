package dev.dfx.testkit.socket.internal;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Internal, no compatibility promise. The public endpoint class Jetty needs: Jetty binds an endpoint's methods
 * through public method handles, so the endpoint's class must be public, while the front end's endpoint class stays
 * package-private. This class forwards each event to a delegate and adds nothing.
 *
 * <p>It overrides {@code onWebSocketPing}, so Jetty does not answer client pings: the acceptor decides. The delegate
 * must demand after every event.
 */
public final class ServerEndpoint implements Session.Listener {
    private final Session.Listener delegate;

    /**
     * @param delegate receives every event
     * @throws NullPointerException if {@code delegate} is null
     */
    public ServerEndpoint(Session.Listener delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @param session the opened session */
    @Override
    public void onWebSocketOpen(Session session) {
        delegate.onWebSocketOpen(session);
    }

    /** @param payload one whole binary message @param callback completes when the payload may be recycled */
    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        delegate.onWebSocketBinary(payload, callback);
    }

    /** @param message one whole text message */
    @Override
    public void onWebSocketText(String message) {
        delegate.onWebSocketText(message);
    }

    /** @param payload a ping's payload */
    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        delegate.onWebSocketPing(payload);
    }

    /** @param payload a pong's payload */
    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        delegate.onWebSocketPong(payload);
    }

    /** @param cause what failed; Jetty follows it with a close event */
    @Override
    public void onWebSocketError(Throwable cause) {
        delegate.onWebSocketError(cause);
    }

    /** @param statusCode close code @param reason reason @param callback completes the close handling */
    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        delegate.onWebSocketClose(statusCode, reason, callback);
    }
}
