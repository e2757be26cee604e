/**
 * The testkit's in-memory front end: {@link dev.dfx.testkit.memory.InMemoryTransport}, a
 * {@link dev.dfx.core.port.Transport} adapter that connects a client to a server registered in
 * {@link dev.dfx.testkit.wire.InMemoryRegistry} in the same JVM, with no socket; {@link dev.dfx.testkit.memory.EchoAcceptor},
 * a plain scriptable echo server for transport-level tests; and {@link dev.dfx.testkit.memory.InMemoryServerExtension},
 * a JUnit 5 extension that registers a server and a transport for each test.
 *
 * <p>Place in the hexagon: a driven adapter of the {@code Transport} port, used only in tests. It follows the same
 * contract as the socket adapters (docs/style.md §3-§4) so the same {@code TransportContract} suite runs against all of
 * them.
 */
package dev.dfx.testkit.memory;
