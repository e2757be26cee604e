package dev.dfx.transport.jetty.archfixture.byoc;

import org.eclipse.jetty.websocket.client.WebSocketClient;

/** Keeps rule 6: the "bring your own client" constructor and static factories of a {@code JettyTransport}. */
public final class JettyTransport {
    /**
     * Uses the caller's client.
     *
     * @param client the caller's client, which stays the caller's
     */
    public JettyTransport(WebSocketClient client) {
    }

    /**
     * Uses the caller's client.
     *
     * @param client the caller's client
     * @return a transport
     */
    public static JettyTransport create(WebSocketClient client) {
        return new JettyTransport(client);
    }

    /**
     * Creates its own client.
     *
     * @return a transport
     */
    public static JettyTransport create() {
        return new JettyTransport(null);
    }
}
