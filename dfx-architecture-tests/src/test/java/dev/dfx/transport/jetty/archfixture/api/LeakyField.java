package dev.dfx.transport.jetty.archfixture.api;

import org.eclipse.jetty.websocket.client.WebSocketClient;

/** Breaks rule 6: a public field has a Jetty type. */
public final class LeakyField {
    /** Leaks the Jetty client. */
    public WebSocketClient client;
}
