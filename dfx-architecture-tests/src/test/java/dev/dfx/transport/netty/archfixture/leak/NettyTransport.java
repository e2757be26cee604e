package dev.dfx.transport.netty.archfixture.leak;

import org.eclipse.jetty.websocket.client.WebSocketClient;

/** Breaks rule 6: a {@code NettyTransport} factory may take Netty types only, not a Jetty client. */
public final class NettyTransport {
    private NettyTransport() {
    }

    /**
     * Not allowed: a Jetty type on the Netty transport.
     *
     * @param client a Jetty client
     * @return a transport
     */
    public static NettyTransport create(WebSocketClient client) {
        return new NettyTransport();
    }
}
