package dev.dfx.transport.netty.archfixture.modules;

import dev.dfx.guice.archfixture.GuiceMarker;

/** Breaks rule 2: the Netty transport depends on dfx-guice. */
public final class NettyUsingGuice {
    GuiceMarker dependency;
}
