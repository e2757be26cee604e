package dev.dfx.transport.netty.archfixture;

/** Architecture-test fixture: a class that stands for module {@code dfx-transport-netty}, as a dependency target. */
public final class NettyMarker {
}
