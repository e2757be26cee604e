package dev.dfx.transport.netty.archfixture.modules;

import dev.dfx.codec.json.archfixture.CodecMarker;

/** Breaks rule 2: the Netty transport depends on the codec. */
public final class NettyUsingCodec {
    CodecMarker dependency;
}
