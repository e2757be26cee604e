package dev.dfx.transport.jetty.archfixture.api;

import org.eclipse.jetty.websocket.api.Session;

/** Breaks rule 6: a public method returns a Jetty type. */
public final class LeakyReturnType {
    /**
     * Leaks the Jetty session.
     *
     * @return never anything useful
     */
    public Session session() {
        return null;
    }
}
