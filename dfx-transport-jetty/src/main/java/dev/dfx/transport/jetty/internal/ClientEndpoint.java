package dev.dfx.transport.jetty.internal;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Internal, no compatibility promise. The public endpoint class Jetty needs: Jetty binds an endpoint's methods
 * through public method handles, so the endpoint's class must be public, while the adapter's connection class stays
 * package-private. This class forwards each event to a delegate and adds nothing.
 *
 * <p>It deliberately does not override {@code onWebSocketPing}, so Jetty answers server pings itself (and keeps
 * reading); it overrides {@code onWebSocketPong}, so the adapter must demand after a pong.
 */
public final class ClientEndpoint implements Session.Listener {
    private final Session.Listener delegate;

    /**
     * @param delegate receives every event
     * @throws NullPointerException if {@code delegate} is null
     */
    public ClientEndpoint(Session.Listener delegate) {
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
