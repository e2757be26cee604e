package dev.dfx.transport.netty.archfixture.modules;

import dev.dfx.testkit.archfixture.TestkitMarker;

/** Breaks rule 2: the Netty transport depends on the testkit in main code. */
public final class NettyUsingTestkit {
    TestkitMarker dependency;
}
