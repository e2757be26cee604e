package dev.dfx.transport.netty.archfixture.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;

/**
 * Breaks rule 6: Netty types in a class type parameter's bound and in a public method's throws clause.
 *
 * @param <C> a Netty channel type
 */
public class LeakyBoundsAndThrows<C extends Channel> {
    /**
     * Declares a Netty exception.
     *
     * @throws ChannelException never
     */
    public void flush() throws ChannelException {
    }
}
