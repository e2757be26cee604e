package dev.dfx.transport.netty.archfixture.api;

import io.netty.channel.Channel;

/** Breaks rule 6: a public method takes a Netty type. */
public class LeakyParameter {
    /**
     * Takes a Netty channel.
     *
     * @param channel a channel
     */
    public void attach(Channel channel) {
    }
}
