package dev.dfx.core.archfixture.javabase;

import dev.dfx.codec.json.archfixture.CodecMarker;

/** Breaks rule 1: core depends on another dfx module. */
public final class CoreUsingCodecModule {
    CodecMarker codec;
}
