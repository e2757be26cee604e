package dev.dfx.transport.jetty.archfixture.modules;

import dev.dfx.codec.json.archfixture.CodecMarker;

/** Breaks rule 2: the Jetty transport depends on the codec. */
public final class JettyUsingCodec {
    CodecMarker dependency;
}
