package dev.dfx.guice.archfixture.modules;

import dev.dfx.codec.json.archfixture.CodecMarker;

/** Breaks rule 2: dfx-guice depends on the codec. */
public final class GuiceUsingCodec {
    CodecMarker dependency;
}
