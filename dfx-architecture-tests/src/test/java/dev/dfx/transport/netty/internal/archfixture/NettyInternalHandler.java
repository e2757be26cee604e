package dev.dfx.transport.netty.internal.archfixture;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Architecture-test fixture: a public Netty handler in the Netty transport's internal package. Keeps rule 6
 * (internal packages are not API) and is the target of a rule 4 violation.
 */
public final class NettyInternalHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(msg);
    }
}
