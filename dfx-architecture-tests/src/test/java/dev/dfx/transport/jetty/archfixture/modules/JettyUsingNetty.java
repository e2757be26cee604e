package dev.dfx.transport.jetty.archfixture.modules;

import dev.dfx.transport.netty.archfixture.NettyMarker;

/** Breaks rule 2: the Jetty transport depends on the Netty transport. */
public final class JettyUsingNetty {
    NettyMarker dependency;
}
