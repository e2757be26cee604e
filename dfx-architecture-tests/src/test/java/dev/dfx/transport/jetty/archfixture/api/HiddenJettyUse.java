package dev.dfx.transport.jetty.archfixture.api;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** Keeps rule 6: Jetty types only in private and package-private members, and in a package-private class. */
public final class HiddenJettyUse {
    private final WebSocketClient client = null;

    Session session() {
        return null;
    }

    private WebSocketClient client() {
        return client;
    }

    /** Only here so the private method is used. */
    public boolean hasClient() {
        return client() != null;
    }

    static final class Listener {
        /**
         * Public, but its class is not.
         *
         * @param session a session
         */
        public void onOpen(Session session) {
        }
    }
}
