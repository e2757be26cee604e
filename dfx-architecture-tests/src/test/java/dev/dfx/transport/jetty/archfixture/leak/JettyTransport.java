package dev.dfx.transport.jetty.archfixture.leak;

import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Breaks rule 6 although it is a {@code JettyTransport}: the exception covers constructors and static factories that
 * take the user's client, not a getter that hands it out, nor a static helper that returns something else.
 */
public final class JettyTransport {
    private final WebSocketClient client;

    /**
     * Allowed.
     *
     * @param client the caller's client
     */
    public JettyTransport(WebSocketClient client) {
        this.client = client;
    }

    /**
     * Not allowed: returns a Jetty type.
     *
     * @return the client
     */
    public WebSocketClient client() {
        return client;
    }

    /**
     * Not allowed: a static method that is no factory of this class.
     *
     * @param client a client
     * @return text
     */
    public static String describe(WebSocketClient client) {
        return String.valueOf(client);
    }
}
