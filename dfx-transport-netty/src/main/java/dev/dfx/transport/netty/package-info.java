/**
 * Driven adapter of the hexagon: the {@link dev.dfx.core.port.Transport} port on Netty 4.2
 * ({@link dev.dfx.transport.netty.NettyTransport}), plus its optional Guice module
 * ({@link dev.dfx.transport.netty.NettyTransportModule}). It translates Netty events into port calls and Netty
 * failures into dfx errors, and nothing else: no action ids, no JSON, no retries (docs/style.md §2). No Netty type
 * appears in a public signature except {@link dev.dfx.transport.netty.NettyTransport#create(io.netty.channel.EventLoopGroup)}.
 */
package dev.dfx.transport.netty;
