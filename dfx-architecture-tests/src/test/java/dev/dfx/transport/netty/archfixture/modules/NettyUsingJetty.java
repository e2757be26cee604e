package dev.dfx.transport.netty.archfixture.modules;

import dev.dfx.transport.jetty.archfixture.JettyMarker;

/** Breaks rule 2: the Netty transport depends on the Jetty transport. */
public final class NettyUsingJetty {
    JettyMarker dependency;
}
