/**
 * dfx-core: the domain and the client engine of dfx-java, the centre of the hexagon. It depends on java.base only.
 * Entry point: {@code DfxClient}. Ports live in {@link dev.dfx.core.port}; adapters (Jetty, Netty, Jackson) live in
 * their own modules.
 */
package dev.dfx.core;
