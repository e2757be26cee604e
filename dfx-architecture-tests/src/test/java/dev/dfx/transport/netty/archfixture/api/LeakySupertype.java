package dev.dfx.transport.netty.archfixture.api;

import io.netty.channel.ChannelInboundHandlerAdapter;

/** Breaks rule 6: a public API class extends a Netty class, so Netty becomes part of its API. */
public class LeakySupertype extends ChannelInboundHandlerAdapter {
}
