package dev.dfx.cli;

import dev.dfx.core.port.Transport;
import dev.dfx.transport.jetty.JettyTransport;
import dev.dfx.transport.netty.NettyTransport;

/** The transports {@code --transport} offers. */
enum TransportKind {
    /** Jetty 12 WebSocket client. */
    jetty,
    /** Netty 4.2. */
    netty;

    Transport create() {
        return this == jetty ? JettyTransport.create() : NettyTransport.create();
    }
}
