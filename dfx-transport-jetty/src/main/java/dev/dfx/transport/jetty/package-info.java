/**
 * Driven adapter of the {@link dev.dfx.core.port.Transport} port on the Jetty 12 WebSocket client:
 * {@link dev.dfx.transport.jetty.JettyTransport} translates Jetty events into port calls and Jetty failures into the
 * dfx error tree, and nothing else (no action ids, no JSON, no retries). {@link dev.dfx.transport.jetty.JettyTransportModule}
 * wires it with Guice. The hexagon's core never sees a Jetty type.
 */
package dev.dfx.transport.jetty;
