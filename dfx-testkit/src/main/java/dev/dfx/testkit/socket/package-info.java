/**
 * The fake server's real-socket front end: {@link dev.dfx.testkit.socket.WebSocketServerFrontEnd}, a loopback Jetty 12
 * WebSocket server (plain or TLS) that puts every connection through a
 * {@link dev.dfx.testkit.wire.ConnectionAcceptor}. Test infrastructure, outside the hexagon's production code; it
 * drives the transport adapters from the other side of a real socket.
 */
package dev.dfx.testkit.socket;
