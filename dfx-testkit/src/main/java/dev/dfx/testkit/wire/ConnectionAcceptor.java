package dev.dfx.testkit.wire;

/**
 * A server-side protocol engine that front ends (in-memory, real socket) put clients through. The fake DFX server
 * implements it; so do the plain test servers of the contract suites. Thread-safe.
 */
public interface ConnectionAcceptor {

    /**
     * Decides how to answer an upgrade request.
     *
     * @param request what the client asked for
     * @return accept (with a subprotocol or none), reject with a status, or stall
     */
    HandshakeDecision handshake(HandshakeRequest request);

    /**
     * Called once for each accepted upgrade, before any frame of the connection arrives.
     *
     * @param request what the client asked for
     * @param peer how to talk back to this client
     * @return the connection that receives what the client sends
     */
    ServerConnection accept(HandshakeRequest request, PeerChannel peer);
}
