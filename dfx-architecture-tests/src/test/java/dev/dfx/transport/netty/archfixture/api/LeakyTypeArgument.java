package dev.dfx.transport.netty.archfixture.api;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** Breaks rule 6: a Netty type hides in a type argument of a protected method's return type. */
public class LeakyTypeArgument {
    /**
     * Hands out pooled buffers.
     *
     * @return buffers
     */
    protected List<ByteBuf> frames() {
        return List.of();
    }
}
