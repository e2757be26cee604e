package dev.dfx.transport.netty.archfixture.byoc;

import io.netty.channel.EventLoopGroup;

/** Keeps rule 6: the "bring your own event-loop group" static factory of a {@code NettyTransport}. */
public final class NettyTransport {
    private NettyTransport() {
    }

    /**
     * Uses the caller's group.
     *
     * @param group the caller's event-loop group, which stays the caller's
     * @return a transport
     */
    public static NettyTransport create(EventLoopGroup group) {
        return new NettyTransport();
    }
}
