package dev.dfx.transport.jetty.archfixture.internals;

import dev.dfx.transport.netty.internal.archfixture.NettyInternalHandler;

/** Breaks rule 4: the Jetty transport names a type from the Netty transport's internal package. */
public final class JettyUsingNettyInternals {
    NettyInternalHandler handler;
}
